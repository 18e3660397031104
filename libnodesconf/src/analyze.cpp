#include "nodesconf/analyze.h"

#include <algorithm>
#include <tuple>

#include "nodesconf/check.h"

namespace nodesconf {

namespace {

Analysis checked(const Dialect& dialect, ParseResult parsed) {
    Analysis analysis{dialect, std::move(parsed)};
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

}  // namespace

Analysis analyze(std::string_view bytes, const Dialect& dialect) {
    return checked(dialect, parse_config(bytes, dialect));
}

std::optional<Analysis> analyze(std::string_view bytes, std::string_view target) {
    if (target != "auto") {
        const auto dialect = find_dialect(target);
        if (!dialect) return std::nullopt;
        return analyze(bytes, *dialect);
    }
    const Dialect* dialect = &first_line_dialect(bytes);
    ParseResult parsed = parse_config(bytes, *dialect);
    if (const Dialect& detected = parsed.evidence.dialect(); &detected != dialect) {
        dialect = &detected;  // a later line's address names a newer release: read it again
        parsed = parse_config(bytes, *dialect);
    }
    return checked(*dialect, std::move(parsed));
}

std::optional<Dialect> resolve_target(std::string_view target, std::string_view bytes) {
    if (target == "auto") return detect_dialect(bytes);
    return find_dialect(target);
}

}  // namespace nodesconf
