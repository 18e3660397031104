// Config → bytes, exactly as the dialect's server writes nodes.conf (format.md §1.3-1.7, §3.1).
#pragma once

#include <string>

#include "nodesconf/dialect.h"
#include "nodesconf/model.h"

namespace nodesconf {

// Handshake nodes are left out; a replica's epoch is its master's where the release does so;
// open slots go on the myself line only, migrating before importing; `vars` comes last.
// For 7.2+ dialects a replica without a shard-id is given its master's (a mismatch would make the
// server refuse the file); a node with no known shard-id is written without one, as a 7.2 server
// reads a <= 7.0 file: it then picks a random one. nodesconf never invents one.
std::string write_config(const Config& config, const Dialect& dialect);

// The shard-id the 7.2+ writer uses for `node` (see above); "" for none.
std::string effective_shard_id(const Config& config, std::int32_t node);

}  // namespace nodesconf
