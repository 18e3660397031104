// Every dialect's parser on any bytes, the auto target, and serialize∘parse: what we write for a
// file the target loads must load again, to the same bytes (the writer is a fixed point).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "nodesconf/analyze.h"
#include "nodesconf/write.h"

using namespace nodesconf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A view of libFuzzer's own buffer, which ends exactly at `size`: the parser's 8- and 16-byte
    // loads must stay inside it (a std::string copy would hide a short overread in its capacity).
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // --target auto reads the file once and must still pick what detect_dialect picks.
    if (analyze(bytes, "auto")->dialect.family != detect_dialect(bytes).family) __builtin_trap();
    for (const Dialect& dialect : all_families()) {
        const Analysis first = analyze(bytes, dialect);
        if (first.result.has_errors() || first.result.empty_file) continue;
        const std::string written = write_config(first.result.config, dialect);
        const Analysis second = analyze(written, dialect);
        // The round trip is only promised for what servers themselves write back unchanged. Not
        // for a quoted token (it can hold a space the writer writes bare, as the server does),
        // nor for a replica of a replica: before 7.0.3 the server writes a replica's epoch as its
        // master's in-memory one, and after a reload the middle node's epoch is what was written,
        // so the server itself is no fixed point there. Nor when myself is in handshake: the
        // server leaves a handshake node out of its save, so its next file has no myself.
        const std::int32_t me = first.result.config.myself();
        if (me != kNoNode && first.result.config.nodes[me].has(kHandshake)) continue;
        bool excluded = false;
        for (const Finding& f : first.result.findings)
            excluded =
                excluded || f.code == Code::quoted_token || f.code == Code::replica_of_replica;
        if (excluded) continue;
        if (second.result.has_errors()) __builtin_trap();
        if (write_config(second.result.config, dialect) != written) __builtin_trap();
    }
    return 0;
}
