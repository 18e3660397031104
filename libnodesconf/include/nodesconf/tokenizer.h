// The server's `sdssplitargs` (format.md §1.2) over a string_view. Unquoted tokens are views
// into the line; only a quoted token's decoded text lives in the buffer's scratch string, so a
// file without quotes is tokenized without allocating once the buffer has grown.
#pragma once

#include <cstdint>
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

// C `isspace` in the "C" locale.
constexpr bool is_c_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace nodesconf
