// The server's `sdssplitargs` (format.md §1.2) over a string_view. Unquoted tokens are views
// into the line; only a quoted token's decoded text lives in the buffer's scratch string, so a
// file without quotes is tokenized without allocating once the buffer has grown.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
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

// The tokens of a line that holds no quote, \v or \f, where sdssplitargs cannot fail, the
// separators are exactly ' ', \t and \r, and every token is a view of the line. scan() marks
// the separators 64 bytes to a word in one vector pass; next() then finds each token with two
// bit scans, so a 2 MB line of slot tokens is read without storing its tokens anywhere.
class PlainLine {
  public:
    // False when the line holds a quote, \v or \f: use tokenize().
    bool scan(std::string_view line);

    [[gnu::always_inline]] bool next(Token& out) {
        const std::size_t start = next_boundary();
        if (start >= line_.size()) return false;
        const std::size_t end = std::min(next_boundary(), line_.size());
        out = {std::string_view(line_.data() + start, end - start),
               static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end - start), false};
        return true;
    }

    // Goes on after a token that a caller read off the line itself: `token_end` is the byte just
    // past it (a separator, or the end of the line), where the token's end boundary is.
    void resume_after(std::size_t token_end) {
        word_ = token_end / 64;
        pending_ = transitions(word_) & ((~std::uint64_t{0} << (token_end % 64)) << 1);
    }

  private:
    // Where bytes switch between separator and token: token starts and ends, alternately.
    std::uint64_t transitions(std::size_t word) const {
        const std::uint64_t before = word ? separators_[word - 1] >> 63 : 1;  // before: space
        return separators_[word] ^ ((separators_[word] << 1) | before);
    }
    std::size_t next_boundary() {
        while (pending_ == 0) {
            if (++word_ >= separators_.size()) return line_.size();
            pending_ = transitions(word_);
        }
        const std::size_t at = word_ * 64 + static_cast<std::size_t>(__builtin_ctzll(pending_));
        pending_ &= pending_ - 1;
        return at;
    }

    std::string_view line_;
    std::vector<std::uint64_t> separators_;  // bit i of word w: byte 64 * w + i; 1 past the end
    std::size_t word_ = 0;
    std::uint64_t pending_ = 0;  // boundaries of word_ not returned yet
};

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
    PlainLine plain_;
    std::string scratch_;
    bool any_quoted_ = false;
    TokenizeError error_ = TokenizeError::none;
    std::uint32_t error_column_ = 0;
};

// Splits `line` as sdssplitargs does. False where the server's call returns NULL.
bool tokenize(std::string_view line, TokenBuffer& out);

// The first out.size() tokens of `line`, as tokenize() gives them, for callers that look only
// at a line's head: a quote-free line is not read past them. Returns how many there are (fewer
// when the line has fewer), or -1 where tokenize() fails; quoted text lives in `scratch`.
int first_tokens(std::string_view line, std::span<std::string_view> out, TokenBuffer& scratch);

namespace detail {
bool ascii_iequals_folded(std::string_view a, std::string_view b);
}
// Equality with a string literal, compared with loads of its fixed size: a comparison of two
// string_views calls memcmp, which costs more than the compare.
template <std::size_t N>
bool is_literal(std::string_view text, const char (&literal)[N]) {
    return text.size() == N - 1 && __builtin_memcmp(text.data(), literal, N - 1) == 0;
}

// ASCII case-insensitive equality (the server's strcasecmp); exact spelling is the fast case.
inline bool ascii_iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && (a == b || detail::ascii_iequals_folded(a, b));
}

}  // namespace nodesconf
