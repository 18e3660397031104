// sdssplitargs over any bytes: never reads out of bounds; tokens stay inside the line or scratch.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "nodesconf/lines.h"
#include "nodesconf/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    nodesconf::TokenBuffer tokens;
    for (nodesconf::LineReader reader(bytes, 64); auto line = reader.next();) {
        if (!nodesconf::tokenize(line->text, tokens)) continue;
        for (const nodesconf::Token& t : tokens) {
            if (t.column + t.length > line->text.size()) __builtin_trap();
            if (!t.quoted && t.text != line->text.substr(t.column, t.length)) __builtin_trap();
        }
    }
    return 0;
}
