// `check`: do the files of one stopped cluster (one per node) agree? Everything
// `redis-cli --cluster check` checks (format.md §5.2), offline, and what it cannot see.
#pragma once

#include <string>
#include <vector>

#include "nodesconf/dialect.h"
#include "nodesconf/finding.h"
#include "nodesconf/model.h"

namespace nodesconf {

struct ClusterFile {
    std::string name;
    const Config* config;
    const Dialect* dialect;
};

struct ClusterProblem {
    std::string code;   // stable: "slots-disagree", "open-slots", ...
    Severity severity;  // error: redis-cli check fails too; warning: beyond redis-cli; note
    std::string file;   // the file whose view it is about, or "" for the cluster
    std::string message;
};

// For a slot range on which the files disagree: which owner each file sees.
struct SlotView {
    std::string file;
    std::string owner;  // id, or "" for none
    std::uint64_t owner_epoch = 0;
};
struct SlotDisagreement {
    SlotRange range;
    std::vector<SlotView> views;
    std::string converges_to;  // the owner with the highest configEpoch: what gossip settles on
};

struct ClusterReport {
    bool slots_agree = true;      // redis-cli: "All nodes agree about slots configuration."
    std::vector<int> open_slots;  // redis-cli: "The following slots are open: ..."
    SlotSet uncovered;            // redis-cli: "Not all 16384 slots are covered by nodes."
    std::vector<ClusterProblem> problems;
    std::vector<SlotDisagreement> disagreements;
    std::size_t masters = 0, replicas = 0;
    bool consistent() const;  // no error and no warning
};

ClusterReport check_cluster(const std::vector<ClusterFile>& files);

}  // namespace nodesconf
