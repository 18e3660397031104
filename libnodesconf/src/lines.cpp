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

std::optional<LogicalLine> LineReader::next() {
    if (pos_ >= bytes_.size()) return std::nullopt;

    LogicalLine out;
    out.offset = pos_;
    out.line = line_;
    out.column = static_cast<std::uint32_t>(pos_ - line_start_ + 1);
    out.continues_physical = pos_ != line_start_;

    const std::size_t window = std::min(chunk_, bytes_.size() - pos_);
    const char* begin = bytes_.data() + pos_;
    const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', window));
    const std::size_t consumed = newline ? static_cast<std::size_t>(newline - begin) + 1 : window;
    std::size_t content = newline ? consumed - 1 : consumed;

    out.ends_with_newline = newline != nullptr;
    out.skipped_as_blank = begin[0] == '\n' || begin[0] == '\0';
    if (next_nul_ < pos_) next_nul_ = first_nul_from(pos_);
    if (next_nul_ - pos_ < content) {
        content = next_nul_ - pos_;
        out.truncated_at_nul = true;
    }
    out.text = std::string_view(begin, content);

    pos_ += consumed;
    if (newline) {
        ++line_;
        line_start_ = pos_;
    }
    return out;
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
