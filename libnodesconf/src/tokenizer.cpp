#include "nodesconf/tokenizer.h"

#include <cstring>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace nodesconf {

namespace {

bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

// An unquoted token ends at exactly these (not at \v or \f, which isspace() skips before it).
bool ends_unquoted(char c) {
    return detail::byte_is(c, detail::kEndsPlain);
}

}  // namespace

bool PlainLine::scan(std::string_view line) {
    line_ = line;
    const std::size_t n = line.size();
    // One word more than the bytes need when n is a multiple of 64: the end of a token that
    // fills the last word is a boundary in the next one. Every word is written whole below, so
    // none needs clearing first.
    separators_.resize(n / 64 + 1);
    const char* data = line.data();
    std::size_t i = 0;
    std::uint64_t last = 0;  // the separators of the last, partial word, bits from i % 64 on
#if defined(__SSE2__)
    // Sixteen bytes at `p`: a bit per separator, and whether any byte sends the line elsewhere.
    auto classify = [](const char* p, std::uint64_t& separators) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        auto is = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
        separators = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(is(' '), is('\t')), is('\r'))));
        return _mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(is('"'), is('\'')), _mm_or_si128(is('\v'), is('\f'))));
    };
    // Sixteen bytes at `p` as the servers write them: spaces, and no other byte below '(' (a
    // signed compare also counts bytes >= 0x80). The spaces' bits, and the bytes that need
    // classify().
    auto spaces_only = [](const char* p, __m128i& spaces) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        spaces = _mm_cmpeq_epi8(bytes, _mm_set1_epi8(' '));
        return _mm_andnot_si128(spaces, _mm_cmplt_epi8(bytes, _mm_set1_epi8('(')));
    };
    auto bits = [](__m128i mask) {
        return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(mask)));
    };
    // Whole words: one check for 64 bytes of usual text, four classifications otherwise.
    for (std::uint64_t s0, s1, s2, s3; i + 64 <= n; i += 64) {
        __m128i spaces0, spaces1, spaces2, spaces3;
        const __m128i other = _mm_or_si128(
            _mm_or_si128(spaces_only(data + i, spaces0), spaces_only(data + i + 16, spaces1)),
            _mm_or_si128(spaces_only(data + i + 32, spaces2), spaces_only(data + i + 48, spaces3)));
        if (_mm_movemask_epi8(other) == 0) {
            separators_[i / 64] =
                bits(spaces0) | bits(spaces1) << 16 | bits(spaces2) << 32 | bits(spaces3) << 48;
            continue;
        }
        if (classify(data + i, s0) | classify(data + i + 16, s1) | classify(data + i + 32, s2) |
            classify(data + i + 48, s3))
            return false;
        separators_[i / 64] = s0 | s1 << 16 | s2 << 32 | s3 << 48;
    }
    auto classify_usual = [&](const char* p, std::uint64_t& separators) {
        __m128i spaces;
        if (_mm_movemask_epi8(spaces_only(p, spaces)) == 0) {
            separators = bits(spaces);
            return 0;
        }
        return classify(p, separators);
    };
    std::uint64_t separators = 0;
    for (; i + 16 <= n; i += 16) {
        if (classify_usual(data + i, separators)) return false;
        last |= separators << (i % 64);
    }
    if (n >= 16 && i < n) {  // the tail: the last 16 bytes again, the bytes already seen masked off
        if (classify_usual(data + n - 16, separators)) return false;
        // Bit k is byte n - 16 + k; keep the unseen ones (from i on), at their place in the word.
        const std::uint64_t unseen = separators & (0xFFFFu << (16 - (n - i)));
        const std::size_t at = n - 16;
        last |= at % 64 + 16 <= 64 ? unseen << (at % 64) : unseen >> (64 - at % 64);
        i = n;
    }
#endif
    for (; i < n; ++i) {  // short lines, and every line where there is no SSE2
        const char c = data[i];
        if (c == '"' || c == '\'' || c == '\v' || c == '\f') return false;
        if (c == ' ' || c == '\t' || c == '\r') last |= std::uint64_t{1} << (i % 64);
        if (i % 64 == 63) separators_[i / 64] = std::exchange(last, 0);
    }
    separators_.back() = last | ~std::uint64_t{0} << (n % 64);  // past the end: separators
    word_ = 0;
    pending_ = transitions(0);
    return true;
}

bool detail::ascii_iequals_folded(std::string_view a, std::string_view b) {  // same sizes
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

bool tokenize(std::string_view line, TokenBuffer& out) {
    out.tokens_.clear();
    out.scratch_.clear();
    out.any_quoted_ = false;
    out.error_ = TokenizeError::none;
    out.error_column_ = 0;

    if (out.plain_.scan(line)) {
        for (Token token; out.plain_.next(token);) out.tokens_.push_back(token);
        return true;
    }

    const std::size_t n = line.size();
    auto fail = [&](TokenizeError error, std::size_t column) {
        out.error_ = error;
        out.error_column_ = static_cast<std::uint32_t>(column);
        return false;
    };

    std::size_t p = 0;
    while (true) {
        while (p < n && detail::byte_is(line[p], detail::kSpace)) ++p;
        if (p >= n) break;

        // A token is a run of plain bytes, optionally followed by one quoted section: in
        // sdssplitargs the closing quote always ends the token.
        const std::size_t start = p;
        while (p < n && !detail::byte_is(line[p], detail::kEndsPlain | detail::kQuote)) ++p;
        if (p >= n || ends_unquoted(line[p])) {
            out.tokens_.push_back({line.substr(start, p - start), static_cast<std::uint32_t>(start),
                                   static_cast<std::uint32_t>(p - start), false});
            continue;
        }

        // Quoted: decode into scratch_. Reserving the whole line keeps earlier views valid
        // (decoded text is never longer than the raw text).
        if (out.scratch_.capacity() < n) out.scratch_.reserve(n);
        const std::size_t begin = out.scratch_.size();
        out.scratch_.append(line.substr(start, p - start));
        const char quote = line[p++];
        while (true) {
            if (p >= n) return fail(TokenizeError::unterminated_quote, start);
            const char c = line[p];
            if (quote == '"' && c == '\\' && p + 3 < n && line[p + 1] == 'x' &&
                is_hex_digit(line[p + 2]) && is_hex_digit(line[p + 3])) {
                out.scratch_.push_back(
                    static_cast<char>(hex_value(line[p + 2]) * 16 + hex_value(line[p + 3])));
                p += 4;
            } else if (quote == '"' && c == '\\' && p + 1 < n) {
                char e = line[p + 1];
                switch (e) {
                    case 'n':
                        e = '\n';
                        break;
                    case 'r':
                        e = '\r';
                        break;
                    case 't':
                        e = '\t';
                        break;
                    case 'b':
                        e = '\b';
                        break;
                    case 'a':
                        e = '\a';
                        break;
                    default:
                        break;
                }
                out.scratch_.push_back(e);
                p += 2;
            } else if (quote == '\'' && c == '\\' && p + 1 < n && line[p + 1] == '\'') {
                out.scratch_.push_back('\'');
                p += 2;
            } else if (c == quote) {
                ++p;
                if (p < n && !is_c_space(line[p])) return fail(TokenizeError::text_after_quote, p);
                break;
            } else {
                out.scratch_.push_back(c);
                ++p;
            }
        }
        out.any_quoted_ = true;
        out.tokens_.push_back({std::string_view(out.scratch_).substr(begin),
                               static_cast<std::uint32_t>(start),
                               static_cast<std::uint32_t>(p - start), true});
    }
    return true;
}

int first_tokens(std::string_view line, std::span<std::string_view> out, TokenBuffer& scratch) {
    // Without a quote the split cannot fail and a token is a run of bytes that do not end it.
    if (!std::memchr(line.data(), '"', line.size()) &&
        !std::memchr(line.data(), '\'', line.size())) {
        std::size_t p = 0, count = 0;
        for (; count < out.size(); ++count) {
            while (p < line.size() && detail::byte_is(line[p], detail::kSpace)) ++p;
            if (p >= line.size()) break;
            const std::size_t start = p;
            while (p < line.size() && !detail::byte_is(line[p], detail::kEndsPlain)) ++p;
            out[count] = line.substr(start, p - start);
        }
        return static_cast<int>(count);
    }
    if (!tokenize(line, scratch)) return -1;
    const std::size_t count = std::min(out.size(), scratch.size());
    for (std::size_t i = 0; i < count; ++i) out[i] = scratch[i].text;
    return static_cast<int>(count);
}

}  // namespace nodesconf
