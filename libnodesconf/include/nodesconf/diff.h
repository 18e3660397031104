// Semantic differences between two loaded files (or a file and a CLUSTER NODES reply), keyed by
// node id: line order never matters (format.md §1.1).
#pragma once

#include <string>
#include <vector>

#include "nodesconf/dialect.h"
#include "nodesconf/model.h"

namespace nodesconf {

enum class ChangeKind {
    node_added,
    node_removed,
    address,
    hostname,
    aux,
    flags,
    role,
    master,
    config_epoch,
    slots,
    open_slot,
    vars,
    ping_pong,   // only with DiffOptions::all
    link_state,  // only with DiffOptions::all
};
std::string_view change_kind_name(ChangeKind kind);

struct Change {
    ChangeKind kind;
    std::string node;    // the node's id; empty for slots, open slots and vars
    std::string what;    // the field: "flags", "aux shard-id", "slots 100-200", "currentEpoch", ...
    std::string before;  // "" when there was none
    std::string after;
    std::string describe() const;  // one line for people
};

struct DiffSide {
    const Config* config;
    const Dialect* dialect;
    bool live = false;  // a CLUSTER NODES reply: no vars line, no aux fields, handshake nodes
};

struct DiffOptions {
    bool all = false;  // also ping/pong times and link state
};

std::vector<Change> diff_configs(const DiffSide& before, const DiffSide& after,
                                 const DiffOptions& options = {});

}  // namespace nodesconf
