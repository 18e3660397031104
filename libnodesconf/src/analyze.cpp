#include "nodesconf/analyze.h"

#include <algorithm>
#include <tuple>

#include "nodesconf/check.h"

namespace nodesconf {

Analysis analyze(std::string_view bytes, const Dialect& dialect) {
    Analysis analysis{dialect, parse_config(bytes, dialect)};
    ParseResult& result = analysis.result;
    // Cluster-level checks describe the state the server would run with; a file it refuses
    // never reaches that state, so they would only add noise to the errors.
    if (!result.empty_file && !result.has_errors())
        check_config(result.config, dialect, result.findings);
    if (result.findings.size() > kMaxFindings) {
        for (auto f = result.findings.begin() + kMaxFindings; f != result.findings.end(); ++f)
            ++result.findings_dropped[static_cast<std::size_t>(f->severity)];
        result.findings.resize(kMaxFindings);
    }
    std::stable_sort(result.findings.begin(), result.findings.end(),
                     [](const Finding& a, const Finding& b) {
                         return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    return analysis;
}

std::optional<Dialect> resolve_target(std::string_view target, std::string_view bytes) {
    if (target == "auto") return detect_dialect(bytes);
    return find_dialect(target);
}

}  // namespace nodesconf
