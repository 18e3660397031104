// diff and check on pairs of inputs (the input split at its first NUL byte, or in half).
#include <cstddef>
#include <cstdint>
#include <string>

#include "nodesconf/analyze.h"
#include "nodesconf/cluster_check.h"
#include "nodesconf/diff.h"

using namespace nodesconf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    auto split = bytes.find('\0');
    if (split == std::string::npos) split = bytes.size() / 2;
    const std::string a = bytes.substr(0, split),
                      b = bytes.substr(std::min(split + 1, bytes.size()));
    const Dialect& d = detect_dialect(a);
    const Analysis x = analyze(a, d), y = analyze(b, d);
    const auto forward = diff_configs({&x.result.config, &d, false}, {&y.result.config, &d, false});
    const auto backward = diff_configs({&y.result.config, &d, false}, {&x.result.config, &d, true});
    for (const Change& c : forward) (void)c.describe();
    if (diff_configs({&x.result.config, &d, false}, {&x.result.config, &d, false}).size() != 0)
        __builtin_trap();
    (void)backward;
    const ClusterReport report =
        check_cluster({{"a", &x.result.config, &d}, {"b", &y.result.config, &d}});
    (void)report.consistent();
    return 0;
}
