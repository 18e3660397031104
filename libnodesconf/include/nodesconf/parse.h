// bytes → Config + findings, exactly as the dialect's server loads them (format.md §1-2, §4.1).
// Never stops at the first problem: every line is read and every finding reported.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "nodesconf/dialect.h"
#include "nodesconf/finding.h"
#include "nodesconf/model.h"

namespace nodesconf {

// At most this many findings are kept per file; the rest are only counted.
inline constexpr std::size_t kMaxFindings = 10000;

struct ParseResult {
    Config config;
    std::vector<Finding> findings;
    std::array<std::size_t, 3> findings_dropped{};  // beyond kMaxFindings, by severity
    bool empty_file = false;   // zero bytes: the server starts as a brand-new node
    DialectEvidence evidence;  // detect_dialect() of the same bytes, gathered while parsing

    bool has_errors() const;
};

ParseResult parse_config(std::string_view bytes, const Dialect& dialect);

}  // namespace nodesconf
