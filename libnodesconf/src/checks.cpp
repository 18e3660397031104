#include "nodesconf/check.h"

#include <algorithm>
#include <bit>
#include <map>
#include <span>

#include <range/v3/algorithm/stable_sort.hpp>
#include <range/v3/range/conversion.hpp>
#include <range/v3/view/chunk_by.hpp>
#include <range/v3/view/drop.hpp>
#include <range/v3/view/filter.hpp>
#include <range/v3/view/iota.hpp>
#include <range/v3/view/transform.hpp>

#include <fmt/format.h>

#include "slot_runs.h"

namespace nodesconf {

namespace {

std::string describe(const Config& config, std::int32_t index) {
    const Node& node = config.nodes[index];
    if (node.line) return fmt::format("{} (line {})", node.id.prefix(8), node.line);
    return std::string(node.id.prefix(8));
}

void report(std::vector<Finding>& out, Code code, const Node& node, std::string message) {
    out.push_back(make_finding(code, node.line ? node.line : 1, 1, 0, std::move(message)));
}

// Masters sharing a configEpoch: at runtime the smaller id of each pair takes a new epoch
// (clusterHandleConfigEpochCollision); until then slot ownership between them is ambiguous.
// Whether two of these epochs are equal, in linear time at any size, not a sort (issue #7: 10x the
// nodes, <= 10x the time). Epochs are usually dense (a cluster hands them out one by one), so a
// bitmap over their span does it in a few KB that stay in cache; sparse ones go to a hash set.
bool any_equal(std::span<const std::uint64_t> epochs) {
    if (epochs.size() < 2) return false;
    const auto [low, high] = std::minmax_element(epochs.begin(), epochs.end());
    if (*high - *low < 64 * epochs.size()) {
        std::vector<std::uint64_t> seen((*high - *low) / 64 + 1);
        for (const std::uint64_t epoch : epochs) {
            const std::uint64_t offset = epoch - *low, bit = std::uint64_t{1} << (offset % 64);
            if (seen[offset / 64] & bit) return true;
            seen[offset / 64] |= bit;
        }
        return false;
    }
    std::size_t capacity = 16;
    while (capacity < epochs.size() * 2) capacity *= 2;
    struct Cell {
        std::uint64_t epoch = 0;
        bool used = false;
    };
    std::vector<Cell> cells(capacity);
    const int shift = 64 - std::countr_zero(capacity);
    for (const std::uint64_t epoch : epochs) {
        for (std::size_t i = (epoch * 0x9e3779b97f4a7c15ULL) >> shift;;
             i = (i + 1) & (capacity - 1)) {
            if (!cells[i].used) {
                cells[i] = {epoch, true};
                break;
            }
            if (cells[i].epoch == epoch) return true;
        }
    }
    return false;
}

void check_duplicate_epochs(const Config& config, std::vector<Finding>& out) {
    using namespace ranges;
    auto is_master = [&](const Node& n) {
        return n.has(kMaster) && !n.placeholder && !n.has(kHandshake);
    };
    // One pass over the nodes for the epochs (100,000 nodes are 18 MB): range-v3's `to` walked
    // the filtered nodes twice, once to size the vector. The masters' indexes only when two
    // epochs are equal.
    std::vector<std::uint64_t> epochs;
    epochs.reserve(config.nodes.size());
    for (const Node& node : config.nodes)
        if (is_master(node)) epochs.push_back(node.config_epoch);
    if (!any_equal(epochs)) return;
    auto masters = views::iota(std::int32_t{0}, static_cast<std::int32_t>(config.nodes.size())) |
                   views::filter([&](std::int32_t i) { return is_master(config.nodes[i]); }) |
                   to<std::vector>();
    // Stable by epoch, so each group keeps file order and its first master is named in each
    // finding.
    stable_sort(masters, std::less<>{},
                [&](std::int32_t i) { return config.nodes[i].config_epoch; });
    for (auto group : masters | views::chunk_by([&](std::int32_t a, std::int32_t b) {
                          return config.nodes[a].config_epoch == config.nodes[b].config_epoch;
                      })) {
        const std::int32_t first = *begin(group);
        for (std::int32_t other : group | views::drop(1))
            report(out, Code::duplicate_epoch, config.nodes[other],
                   fmt::format("masters {} and {} share configEpoch {}: the cluster resolves it "
                               "at runtime by giving the smaller id a new epoch (offline: "
                               "nodesconf bump-epoch --resolve-collisions)",
                               describe(config, first), describe(config, other),
                               config.nodes[first].config_epoch));
    }
}

// What one walk over the slot owners finds, for the role and coverage checks: a second walk of
// 16,384 cells cost more than the coverage check's whole work on a covered table.
struct SlotOwners {
    // marks[owner + 1] is set for every owner in the table: kNoNode (-1) marks [0], so a cell
    // needs no branch on whether it has an owner.
    std::vector<char> marks;
    bool any_uncovered() const { return marks[0] != 0; }
    bool owns_slots(std::size_t node) const { return marks[node + 1] != 0; }
};
SlotOwners walk_slot_owners(const Config& config) {
    SlotOwners owners{std::vector<char>(config.nodes.size() + 1)};
    const auto cells = config.slot_owner.written_cells();
    if (cells.empty()) {
        owners.marks[0] = 1;
        return owners;
    }
    // Sixty-four cells at a time, then eight. A group all equal to the owner last marked (within
    // a master's run of slots) is passed over with one test; any other group marks each of its
    // cells. A file that lists every slot alone hands out its slots round-robin, so there the
    // owner changes at every cell, and a walk run by run took a compare and a branch a cell
    // (validating the single-slot file: 4 % of it). Tests of eight alone were 2.5 of the 8.4 us
    // of validating a 6-node file: each folded its compare to one word before its branch.
    static_assert(kSlotCount % 64 == 0);  // a written table has every cell: whole groups
    static_assert(SlotTable::kBlock == 64);
    const std::span<const std::int32_t> blocks = config.slot_owner.block_values();
    std::int32_t last = cells[0];
    owners.marks[static_cast<std::size_t>(last + 1)] = 1;
    for (std::size_t group = 0; group < cells.size(); group += 64) {
        // A block the loader saw take one value is that value: its cells need no reading.
        if (!blocks.empty() && blocks[group / 64] != SlotTable::kSeveral) {
            last = blocks[group / 64];
            owners.marks[static_cast<std::size_t>(last + 1)] = 1;
            continue;
        }
        if (detail::all_equal<64>(&cells[group], last)) continue;
        for (std::size_t i = group; i < group + 64; i += 8) {
            if (detail::all_equal<8>(&cells[i], last)) continue;
#pragma GCC unroll 8  // GCC kept a loop of two cycles a cell
            for (std::size_t k = 0; k < 8; ++k)
                owners.marks[static_cast<std::size_t>(cells[i + k] + 1)] = 1;
            last = cells[i + 7];
        }
    }
    return owners;
}

void check_roles(const Config& config, const Dialect& dialect, const SlotOwners& owners,
                 std::vector<Finding>& out) {
    for (std::size_t i = 0; i < config.nodes.size(); ++i) {
        const auto index = static_cast<std::int32_t>(i);
        const Node& node = config.nodes[i];
        if (node.placeholder || node.has(kHandshake)) continue;
        if (!node.has(kMaster) && !node.has(kSlave))
            report(out, Code::no_role, node,
                   "node is neither master nor slave: it cannot take a role until gossip gives "
                   "it one");
        if (node.has(kSlave) && node.master == kNoNode)
            report(out, Code::replica_without_master, node,
                   "replica flag without a master id ('-')");
        if (node.has(kSlave) && owners.owns_slots(i))
            report(out, Code::replica_with_slots, node,
                   fmt::format("replica owns slots {}: replicas serve no slots of their own",
                               format_ranges(config.slots_of(index))));
        if (node.master == index) {
            report(out, Code::replica_of_self, node, "node names itself as its master");
        } else if (node.master != kNoNode && config.nodes[node.master].has(kSlave)) {
            report(out, Code::replica_of_replica, node,
                   fmt::format("its master {} is itself a replica", describe(config, node.master)));
        }
        if (dialect.address_style == AddressStyle::aux && node.is_replica() &&
            node.master != index) {
            const AuxField* mine = node.find_aux("shard-id");
            const AuxField* theirs = config.nodes[node.master].find_aux("shard-id");
            if (mine && !theirs)
                report(out, Code::shard_id_replica, node,
                       fmt::format("replica has shard-id {} but its master {} has none: {} gives "
                                   "the master a random one, so they differ until gossip "
                                   "converges (nodesconf fix-shard-ids)",
                                   mine->value, describe(config, node.master), dialect.name));
            else if (mine && theirs && mine->value != theirs->value && !dialect.checks_shard_ids)
                report(out, Code::shard_id_replica, node,
                       fmt::format("replica's shard-id {} differs from its master's {}",
                                   mine->value, theirs->value));
        }
    }
}

void check_coverage(const Config& config, bool any_uncovered, std::vector<Finding>& out) {
    if (!any_uncovered) return;
    SlotSet uncovered;
    for (int slot = 0; slot < kSlotCount; ++slot)
        if (config.slot_owner[slot] == kNoNode) uncovered.set(slot);
    std::string ranges = format_ranges(uncovered);
    if (ranges.size() > 80) ranges = ranges.substr(0, ranges.rfind(',', 80)) + ",...";
    out.push_back(make_finding(
        Code::slots_uncovered, 1, 1, 0,
        fmt::format("{} of 16384 slots have no owner: {}", uncovered.count(), ranges)));
}

}  // namespace

void check_config(const Config& config, const Dialect& dialect, std::vector<Finding>& out) {
    check_duplicate_epochs(config, out);
    const SlotOwners owners = walk_slot_owners(config);
    check_roles(config, dialect, owners, out);
    check_coverage(config, owners.any_uncovered(), out);
}

}  // namespace nodesconf
