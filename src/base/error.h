// Errors that reach the user. Every message should say what went wrong and what to do about it.
#pragma once

#include <stdexcept>
#include <string>

namespace lockstep {

// An input, option or file the user gave cannot be used. The CLI prints the message and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reading or writing a file failed (I/O, permissions, corrupt DATASET). The CLI exits 1.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace lockstep
