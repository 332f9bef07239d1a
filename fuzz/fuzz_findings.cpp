// Reading an analysis directory back (report::load_findings, load_brigades) and rendering the HTML
// report from it. The first byte picks which file the rest replaces in an otherwise valid
// directory: summary.json, accounts.csv, edges.csv, clusters.json, brigades.csv or
// claim_matches.csv.
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>

#include "base/error.h"
#include "report/report.h"

using namespace lockstep;
namespace fs = std::filesystem;

namespace {

constexpr std::array<const char*, 6> kFiles = {"summary.json", "accounts.csv",
                                               "edges.csv",    "clusters.json",
                                               "brigades.csv", "claim_matches.csv"};
constexpr std::array<const char*, 6> kValid = {
    "{\"input\": \"x\", \"events\": 3, \"accounts\": 2}\n",
    "account_id,cluster_id,score,signals,handle\na,0,5,co_link,ha\nb,0,4,co_link,hb\n",
    "source,target,weight,strength,signals,items,evidence\na,b,2,5,co_link,3,co_link|p1|p2|4\n",
    "[{\"id\": 0, \"size\": 2, \"score\": 5, \"density\": 1, \"signals\": [\"co_link\"], "
    "\"members\": "
    "[{\"account_id\": \"a\"}, {\"account_id\": \"b\"}], \"top_items\": [{\"item\": \"co_link: "
    "u\", "
    "\"evidence_pairs\": 3}]}]\n",
    "target_id,start,end,member_account_id,alert_time\nt,1,2,a,1\n",
    "query_id,rank,record_id,score,probability,bm25,verdict,rating,publisher,review_url,claim\n"
    "p1,1,r,1.5,0.4,3,false,False,P,https://x.example/r,c\n"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const fs::path dir =
      fs::temp_directory_path() / ("lockstep-fuzz-findings-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  size_t which = data[0] % kFiles.size();
  for (size_t i = 0; i < kFiles.size(); ++i) {
    std::ofstream out(dir / kFiles[i], std::ios::binary | std::ios::trunc);
    if (i == which)
      out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
    else
      out << kValid[i];
  }
  try {
    auto f = report::load_findings(dir);
    auto html = report::render_html_report(f);
    if (html.find("<script") != std::string::npos) __builtin_trap();  // no data may become markup
  } catch (const IoError&) {
  } catch (const UsageError&) {
  }
  return 0;
}
