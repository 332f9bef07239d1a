// read_records over any bytes: ClaimReview JSON-LD, HTML pages, Fact Check API JSON, JSON Lines
// and delimited tables. Every accepted record must carry a claim in valid UTF-8, and the rating
// normaliser must take whatever rating text came through.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "claims/claims.h"
#include "text/text.h"

namespace {

class CheckingSink final : public lockstep::claims::RecordSink {
 public:
  void accept(lockstep::claims::ClaimRecord&& r) override {
    if (r.claim.empty() || !lockstep::text::is_valid_utf8(r.claim) ||
        !lockstep::text::is_valid_utf8(r.rating) || !lockstep::text::is_valid_utf8(r.publisher))
      std::abort();
    (void)lockstep::claims::normalize_rating(r.rating);
  }
  void reject(std::string_view where, std::string_view reason, std::string_view) override {
    if (where.empty() || reason.empty()) std::abort();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  CheckingSink sink;
  lockstep::claims::read_records(content, sink);
  (void)lockstep::claims::normalize_rating(content.substr(0, 256));
  return 0;
}
