// The accounts of the synthetic platform. Per account only a few numbers are kept (about 28
// bytes); ids, handles and display names are pure functions of the account index and are
// re-derived whenever a writer needs them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synth/rng.h"

namespace lockstep::synth {

enum class Role : uint8_t {
  organic,
  celebrity,  // big following, fan base replies within minutes
  reserved,   // pile-on or brigade target, ring principal: kept out of campaigns
};

enum class HandleStyle : uint8_t {
  first_last,    // JennaMarsh, jenna_marsh
  word_word,     // PixelWolf
  first_digits,  // mike1987
  word_digits,   // neonwolf77
  default_new,   // Jenna48213377: the handle a platform suggests at sign-up
  initial_last,  // jmarsh84
};

struct Account {
  int64_t created = 0;  // epoch seconds
  float rate = 0;       // organic actions per day, before the diurnal and weekly cycles
  uint32_t followers = 0;
  int16_t campaign = -1;  // planted campaign index; -1 for organic accounts
  int8_t tz = 0;          // UTC offset, hours
  uint8_t topic[2] = {0, 0};
  HandleStyle style = HandleStyle::first_last;
  uint8_t handle_try = 0;  // raised until the handle is unique
  Role role = Role::organic;
};

class Population {
 public:
  // Organic accounts, active in [start, end) (epoch seconds).
  Population(uint64_t seed, uint32_t count, int64_t start, int64_t end);

  uint32_t size() const { return static_cast<uint32_t>(accounts_.size()); }
  Account& operator[](uint32_t i) { return accounts_[i]; }
  const Account& operator[](uint32_t i) const { return accounts_[i]; }

  // Turns an account into one registered at `created` the way throwaway accounts are: default
  // handle with 8 digits (mostly), few followers, modest activity.
  void make_fresh(uint32_t i, int64_t created, Rng& rng);
  // Resolves handle collisions; call once after the last change to handle styles.
  void make_handles_unique();

  uint64_t user_id(uint32_t i) const;
  void handle(uint32_t i, std::string& out) const;  // without '@'
  void display_name(uint32_t i, std::string& out) const;
  // What writers need of an account, derived once and kept while the account stays busy
  // (direct-mapped by index). The reference lives until the next card() call.
  struct Card {
    uint32_t index = 0xFFFFFFFFu;
    uint64_t id = 0;
    std::string handle, name;
  };
  const Card& card(uint32_t i) const;
  uint32_t friends(uint32_t i) const;
  uint32_t statuses(uint32_t i, int64_t t) const;  // posts made by t

 private:
  void persona(uint32_t i, std::string* handle, std::string* name) const;
  uint64_t seed_;
  std::vector<Account> accounts_;
  mutable std::vector<Card> cache_;  // not thread-safe, like the rest of the generator
};

}  // namespace lockstep::synth
