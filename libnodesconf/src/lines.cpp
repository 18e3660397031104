#include "nodesconf/lines.h"

#include <algorithm>
#include <cstring>

namespace nodesconf {

LineReader::LineReader(std::string_view bytes, std::size_t chunk)
    : bytes_(bytes), chunk_(chunk), next_nul_(first_nul_from(0)) {}

std::size_t LineReader::first_nul_from(std::size_t from) const {
    if (from >= bytes_.size()) return bytes_.size();
    const void* nul = std::memchr(bytes_.data() + from, '\0', bytes_.size() - from);
    return nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - bytes_.data())
               : bytes_.size();
}

LineColumn line_column_at(std::string_view bytes, std::size_t offset) {
    offset = std::min(offset, bytes.size());
    LineColumn at;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset;) {
        const auto* nl = static_cast<const char*>(std::memchr(bytes.data() + i, '\n', offset - i));
        if (!nl) break;
        ++at.line;
        i = static_cast<std::size_t>(nl - bytes.data()) + 1;
        line_start = i;
    }
    at.column = static_cast<std::uint32_t>(offset - line_start + 1);
    return at;
}

std::string_view physical_line(std::string_view bytes, std::uint32_t line) {
    std::size_t start = 0;
    for (std::uint32_t n = 1; n < line; ++n) {
        const auto nl = bytes.find('\n', start);
        if (nl == std::string_view::npos) return {};
        start = nl + 1;
    }
    const auto end = bytes.find('\n', start);
    return bytes.substr(start,
                        end == std::string_view::npos ? std::string_view::npos : end - start);
}

}  // namespace nodesconf
