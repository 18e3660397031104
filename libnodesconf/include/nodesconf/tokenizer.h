// The server's `sdssplitargs` (format.md §1.2) over a string_view. Unquoted tokens are views
// into the line; only a quoted token's decoded text lives in the buffer's scratch string, so a
// file without quotes is tokenized without allocating once the buffer has grown.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace nodesconf {

struct Token {
    std::string_view text;     // the token's value (decoded if quoted)
    std::uint32_t column = 0;  // 0-based byte offset of the token's first byte in the line
    std::uint32_t length = 0;  // bytes the token occupies in the line
    bool quoted = false;
};

enum class TokenizeError : std::uint8_t { none, unterminated_quote, text_after_quote };

class TokenBuffer {
  public:
    std::size_t size() const { return tokens_.size(); }
    bool empty() const { return tokens_.empty(); }
    const Token& operator[](std::size_t i) const { return tokens_[i]; }
    auto begin() const { return tokens_.begin(); }
    auto end() const { return tokens_.end(); }
    bool any_quoted() const { return any_quoted_; }
    TokenizeError error() const { return error_; }
    std::uint32_t error_column() const { return error_column_; }  // 0-based

  private:
    friend bool tokenize(std::string_view line, TokenBuffer& out);
    std::vector<Token> tokens_;
    std::string scratch_;
    bool any_quoted_ = false;
    TokenizeError error_ = TokenizeError::none;
    std::uint32_t error_column_ = 0;
};

// Splits `line` as sdssplitargs does. False where the server's call returns NULL.
bool tokenize(std::string_view line, TokenBuffer& out);

namespace detail {
inline constexpr std::uint8_t kSpace = 1;      // C isspace(): skipped between tokens
inline constexpr std::uint8_t kEndsPlain = 2;  // ends an unquoted token (not \v or \f)
inline constexpr std::uint8_t kQuote = 4;
inline constexpr std::array<std::uint8_t, 256> kByteClass = [] {
    std::array<std::uint8_t, 256> table{};
    for (unsigned char c : {' ', '\t', '\n', '\v', '\f', '\r'}) table[c] |= kSpace;
    for (unsigned char c : {' ', '\t', '\n', '\r'}) table[c] |= kEndsPlain;
    for (unsigned char c : {'"', '\''}) table[c] |= kQuote;
    return table;
}();
inline bool byte_is(char c, std::uint8_t byte_class) {
    return (kByteClass[static_cast<unsigned char>(c)] & byte_class) != 0;
}
}  // namespace detail

// C `isspace` in the "C" locale.
constexpr bool is_c_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// True when sdssplitargs would meet a quote in `line`; without one it cannot fail and every
// token is a plain run of bytes.
inline bool has_quote(std::string_view line) {
    // Two memchr passes: find_first_of would call memchr once per byte of the line.
    return std::memchr(line.data(), '"', line.size()) != nullptr ||
           std::memchr(line.data(), '\'', line.size()) != nullptr;
}

// The tokens of a line without quotes (see has_quote), one at a time and as views of the line:
// a 2 MB line of slot tokens is read without storing its tokens anywhere.
class PlainTokens {
  public:
    explicit PlainTokens(std::string_view line) : line_(line) {}
    bool next(Token& out) {
        const std::size_t n = line_.size();
        while (pos_ < n && detail::byte_is(line_[pos_], detail::kSpace)) ++pos_;
        if (pos_ >= n) return false;
        const std::size_t start = pos_;
        while (pos_ < n && !detail::byte_is(line_[pos_], detail::kEndsPlain)) ++pos_;
        out = {line_.substr(start, pos_ - start), static_cast<std::uint32_t>(start),
               static_cast<std::uint32_t>(pos_ - start), false};
        return true;
    }

  private:
    std::string_view line_;
    std::size_t pos_ = 0;
};

bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace nodesconf
