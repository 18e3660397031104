#include "nodesconf/text_diff.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace nodesconf {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto nl = text.find('\n', start);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        lines.push_back(text.substr(start, end - start));
        start = end;
    }
    return lines;
}

enum class Op { keep, remove, add };
struct Edit {
    Op op;
    std::string_view line;
};

// LCS over the differing middle; large middles (rare: whole-file rewrites) fall back to
// "remove all, add all", which is still a correct diff.
std::vector<Edit> middle_edits(const std::vector<std::string_view>& a,
                               const std::vector<std::string_view>& b, std::size_t a0,
                               std::size_t a1, std::size_t b0, std::size_t b1) {
    std::vector<Edit> edits;
    const std::size_t n = a1 - a0, m = b1 - b0;
    if (n * m > 4'000'000) {
        for (std::size_t i = a0; i < a1; ++i) edits.push_back({Op::remove, a[i]});
        for (std::size_t j = b0; j < b1; ++j) edits.push_back({Op::add, b[j]});
        return edits;
    }
    std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[i][j] = a[a0 + i] == b[b0 + j] ? lcs[i + 1][j + 1] + 1
                                               : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[a0 + i] == b[b0 + j]) {
            edits.push_back({Op::keep, a[a0 + i]});
            ++i, ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            edits.push_back({Op::remove, a[a0 + i++]});  // removals first, as diff(1) prints them
        } else {
            edits.push_back({Op::add, b[b0 + j++]});
        }
    }
    return edits;
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after,
                         std::string_view before_name, std::string_view after_name) {
    if (before == after) return "";
    const auto a = split_lines(before), b = split_lines(after);
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;
    constexpr std::size_t kContext = 3;
    const std::size_t lead = std::min(prefix, kContext), trail = std::min(suffix, kContext);
    std::vector<Edit> edits;
    for (std::size_t i = prefix - lead; i < prefix; ++i) edits.push_back({Op::keep, a[i]});
    for (const Edit& e : middle_edits(a, b, prefix, a.size() - suffix, prefix, b.size() - suffix))
        edits.push_back(e);
    for (std::size_t i = a.size() - suffix; i < a.size() - suffix + trail; ++i)
        edits.push_back({Op::keep, a[i]});

    std::size_t a_count = 0, b_count = 0;
    for (const Edit& e : edits) {
        if (e.op != Op::add) ++a_count;
        if (e.op != Op::remove) ++b_count;
    }
    const std::size_t start = prefix - lead;
    std::string out =
        fmt::format("--- {}\n+++ {}\n@@ -{},{} +{},{} @@\n", before_name, after_name,
                    a_count ? start + 1 : start, a_count, b_count ? start + 1 : start, b_count);
    for (const Edit& e : edits) {
        out += e.op == Op::keep ? ' ' : e.op == Op::remove ? '-' : '+';
        out += e.line;
        if (!e.line.ends_with('\n')) out += "\n\\ No newline at end of file\n";
    }
    return out;
}

}  // namespace nodesconf
