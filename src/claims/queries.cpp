// Query and qrels files as CheckThat! ships them.
#include <fmt/format.h>

#include <sstream>

#include "base/error.h"
#include "claims/claims.h"
#include "claims/delimited.h"
#include "ingest/input_file.h"
#include "text/text.h"

namespace lockstep::claims {

namespace {

std::string read_all(const std::string& path) {
  ingest::InputFile in(path);
  std::string content = in.read_rest();
  if (!in.stream_error().empty()) throw IoError(fmt::format("{}: {}", path, in.stream_error()));
  if (!text::is_valid_utf8(content)) {
    std::string repaired;
    text::repair_utf8(content, repaired);
    return repaired;
  }
  return content;
}

}  // namespace

std::vector<Query> read_queries_tsv(const std::string& path) {
  std::string content = read_all(path);
  DelimitedReader table(content);
  std::vector<std::string> row;
  std::vector<Query> out;
  if (!table.next(row)) return out;
  if (row.size() != 2)
    throw UsageError(
        fmt::format("{}: line 1: expected a header of two tab-separated columns "
                    "(id<TAB>text), found {} fields",
                    path, row.size()));
  while (table.next(row)) {
    if (row.size() == 1 && row[0].empty()) continue;
    if (row.size() != 2 || row[0].empty())
      throw UsageError(fmt::format("{}: line {}: expected id<TAB>text, found {} fields", path,
                                   table.last_line(), row.size()));
    out.push_back({row[0], row[1]});
  }
  return out;
}

Qrels read_qrels(const std::string& path) {
  std::string content = read_all(path);
  std::istringstream in(content);
  std::string line;
  Qrels qrels;
  size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream fields(line);
    std::string qid, iter, doc, rel;
    if (!(fields >> qid)) continue;
    if (!(fields >> iter >> doc >> rel))
      throw UsageError(
          fmt::format("{}: line {}: expected TREC qrels: query 0 record relevance", path, line_no));
    if (std::strtod(rel.c_str(), nullptr) > 0) qrels[qid].push_back(doc);
  }
  return qrels;
}

}  // namespace lockstep::claims
