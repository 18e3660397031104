// sdssplitargs over any bytes: never reads out of bounds; tokens stay inside the line or scratch;
// first_tokens agrees with it.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nodesconf/lines.h"
#include "nodesconf/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    nodesconf::TokenBuffer tokens, scratch;
    std::array<std::string_view, 3> head;
    for (nodesconf::LineReader reader(bytes, 64); auto line = reader.next();) {
        // first_tokens: tokenize()'s first tokens, or -1 exactly where tokenize() fails.
        const int first = nodesconf::first_tokens(line->text, head, scratch);
        if (!nodesconf::tokenize(line->text, tokens)) {
            if (first != -1) __builtin_trap();
            continue;
        }
        if (first != static_cast<int>(std::min(head.size(), tokens.size()))) __builtin_trap();
        for (int i = 0; i < first; ++i)
            if (head[static_cast<std::size_t>(i)] != tokens[static_cast<std::size_t>(i)].text)
                __builtin_trap();
        for (const nodesconf::Token& t : tokens) {
            if (t.column + t.length > line->text.size()) __builtin_trap();
            if (!t.quoted && t.text != line->text.substr(t.column, t.length)) __builtin_trap();
        }
    }
    return 0;
}
