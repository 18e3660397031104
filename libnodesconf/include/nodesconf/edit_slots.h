// Slot surgery (format.md §1.6, §4.4, §5): ownership and open-slot edits with the refusals of
// CLUSTER SETSLOT, applied in order, all or nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nodesconf/model.h"
#include "nodesconf/slots.h"

namespace nodesconf {

struct SlotOp {
    enum Kind { assign, move, unassign, migrating, importing, stable, clear_open } kind;
    SlotSet slots;
    std::string node;  // --to / --from NODE
    std::string on;    // importing: the node that imports (default: myself)
};

struct SlotEditResult {
    std::vector<std::string> messages;
    std::vector<NodeId> new_owners;  // nodes that gained slots, in first-gain order
};

// Applies `ops` to one file's model. `several_files`: the same ops go to every file of a cluster,
// so `myself` is refused as a target and an importing node must be named with `on`.
std::optional<std::string> apply_slot_ops(Config& config, const std::vector<SlotOp>& ops,
                                          bool several_files, SlotEditResult& result);

// Gives each node in `owners` a configEpoch above every other (currentEpoch + 1, + 2, ...
// counted from `base`), so it wins the slots in gossip; raises currentEpoch to match.
void give_new_epochs(Config& config, const std::vector<NodeId>& owners, std::uint64_t base,
                     std::vector<std::string>& messages);

}  // namespace nodesconf
