#include "nodesconf/finding.h"

#include <array>

namespace nodesconf {

namespace {
constexpr std::array kCodes = {
#define NODESCONF_X(id, name, severity) CodeInfo{Code::id, name, Severity::severity},
    NODESCONF_FINDING_CODES(NODESCONF_X)
#undef NODESCONF_X
};
}  // namespace

std::string_view severity_name(Severity severity) {
    switch (severity) {
        case Severity::note:
            return "note";
        case Severity::warning:
            return "warning";
        case Severity::error:
            return "error";
    }
    return "error";
}

std::span<const CodeInfo> all_codes() {
    return kCodes;
}

const CodeInfo& code_info(Code code) {
    return kCodes[static_cast<std::size_t>(code)];
}
std::string_view code_name(Code code) {
    return code_info(code).name;
}
Severity code_severity(Code code) {
    return code_info(code).severity;
}

Finding make_finding(Code code, std::uint32_t line, std::uint32_t column, std::uint32_t length,
                     std::string message) {
    return Finding{code, code_severity(code), line, column, length, std::move(message)};
}

FindingCounts count_findings(std::span<const Finding> findings) {
    FindingCounts counts;
    for (const Finding& f : findings) {
        switch (f.severity) {
            case Severity::error:
                ++counts.errors;
                break;
            case Severity::warning:
                ++counts.warnings;
                break;
            case Severity::note:
                ++counts.notes;
                break;
        }
    }
    return counts;
}

}  // namespace nodesconf
