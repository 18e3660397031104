// Lines as the server reads them: `fgets` into a 2,098,176-byte buffer (format.md §1.2).
// A longer physical line is split into several logical lines; a line whose first byte is `\n`
// or NUL is skipped; everything after a NUL byte is invisible to the C string functions.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace nodesconf {

// fgets(line, 1024 + 16384 * 128, fp) reads at most this many bytes per call.
inline constexpr std::size_t kServerLineChunk = 1024 + 16384 * 128 - 1;

struct LogicalLine {
    std::string_view text;            // up to the first NUL or the end of the chunk, '\n' excluded
    std::size_t offset = 0;           // byte offset of the chunk in the buffer
    std::uint32_t line = 1;           // 1-based physical line
    std::uint32_t column = 1;         // 1-based column of the chunk's first byte in that line
    bool skipped_as_blank = false;    // first byte '\n' or NUL: the server skips the line
    bool continues_physical = false;  // the chunk is a tail of a line longer than the buffer
    bool truncated_at_nul = false;    // bytes after a NUL on this chunk are ignored
    bool ends_with_newline = false;
};

class LineReader {
  public:
    explicit LineReader(std::string_view bytes, std::size_t chunk = kServerLineChunk);
    std::optional<LogicalLine> next();

  private:
    std::size_t first_nul_from(std::size_t from) const;

    std::string_view bytes_;
    std::size_t chunk_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    std::uint32_t line_ = 1;
    // The first NUL at or after pos_ (bytes_.size() when none): found by one memchr over the
    // rest of the buffer rather than one per line, since almost every file has none.
    std::size_t next_nul_ = 0;
};

// Inline: the parser asks for every line, and a call returned the 48-byte line through memory.
inline std::optional<LogicalLine> LineReader::next() {
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

// The 1-based physical line and column of a byte offset (for reporting only).
struct LineColumn {
    std::uint32_t line = 1, column = 1;
};
LineColumn line_column_at(std::string_view bytes, std::size_t offset);

// The physical line `line` (1-based) without its '\n', for caret displays.
std::string_view physical_line(std::string_view bytes, std::uint32_t line);

}  // namespace nodesconf
