#include "nodesconf/tokenizer.h"

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

bool ascii_iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
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

    if (!has_quote(line)) {
        for (PlainTokens plain(line); plain.next(out.tokens_.emplace_back());) {
        }
        out.tokens_.pop_back();
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

}  // namespace nodesconf
