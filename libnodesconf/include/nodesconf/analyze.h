// One call for "what would this server make of these bytes": parse, then the cluster checks,
// findings in file order.
#pragma once

#include <string_view>

#include "nodesconf/dialect.h"
#include "nodesconf/parse.h"

namespace nodesconf {

struct Analysis {
    Dialect dialect;
    ParseResult result;  // config + every finding, sorted by line and column
};

Analysis analyze(std::string_view bytes, const Dialect& dialect);

// analyze() under a --target name: a family, a release, or "auto" for detect_dialect(bytes).
// "auto" parses under the first node line's dialect and again only when the other lines' addresses
// say otherwise, so a file is read once, not once to detect and once to parse. nullopt: unknown
// target.
std::optional<Analysis> analyze(std::string_view bytes, std::string_view target);

// "auto" picks detect_dialect(bytes); otherwise find_dialect(target). nullopt: unknown target.
std::optional<Dialect> resolve_target(std::string_view target, std::string_view bytes);

}  // namespace nodesconf
