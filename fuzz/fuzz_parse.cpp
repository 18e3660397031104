// Every dialect's parser on any bytes, and serialize∘parse: what we write for a file the target
// loads must load again, to the same bytes (the writer is a fixed point).
#include <cstddef>
#include <cstdint>
#include <string>

#include "nodesconf/analyze.h"
#include "nodesconf/write.h"

using namespace nodesconf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    for (const Dialect& dialect : all_families()) {
        const Analysis first = analyze(bytes, dialect);
        if (first.result.has_errors() || first.result.empty_file) continue;
        const std::string written = write_config(first.result.config, dialect);
        const Analysis second = analyze(written, dialect);
        // A quoted token can hold a space the writer writes bare, as the server does: the
        // round trip is only promised for what servers themselves write.
        bool quoted = false;
        for (const Finding& f : first.result.findings)
            quoted = quoted || f.code == Code::quoted_token;
        if (quoted) continue;
        if (second.result.has_errors()) __builtin_trap();
        if (write_config(second.result.config, dialect) != written) __builtin_trap();
    }
    return 0;
}
