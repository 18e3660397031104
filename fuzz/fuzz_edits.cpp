// The edit operations on parsed models, driven by the first bytes of the input: no crash, no
// undefined behaviour, and every result the writer produces parses back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "nodesconf/analyze.h"
#include "nodesconf/edit_epochs.h"
#include "nodesconf/edit_nodes.h"
#include "nodesconf/edit_slots.h"
#include "nodesconf/write.h"

using namespace nodesconf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 8) return 0;
    const std::uint8_t* ops = data;
    const std::string bytes(reinterpret_cast<const char*>(data + 8), size - 8);
    const Dialect& d = detect_dialect(bytes);
    Analysis a = analyze(bytes, d);
    if (a.result.has_errors() || a.result.empty_file || a.result.config.nodes.empty()) return 0;
    Config c = a.result.config;
    const std::size_t n = c.nodes.size();
    auto node_spec = [&](std::uint8_t k) { return std::string(c.nodes[k % n].id.view()); };
    for (int i = 0; i < 8; i += 2) {
        const std::uint8_t op = ops[i], arg = ops[i + 1];
        SlotSet slots;
        for (int s = arg * 64; s < arg * 64 + (op % 7) * 10 && s < kSlotCount; ++s) slots.set(s);
        SlotEditResult r;
        std::vector<std::string> messages;
        switch (op % 8) {
            case 0:
                apply_slot_ops(c, {{SlotOp::move, slots, node_spec(arg), ""}}, false, r);
                break;
            case 1:
                apply_slot_ops(c, {{SlotOp::migrating, slots, node_spec(arg), ""}}, false, r);
                break;
            case 2:
                apply_slot_ops(c, {{SlotOp::importing, slots, node_spec(arg), ""}}, false, r);
                break;
            case 3:
                apply_slot_ops(
                    c, {{SlotOp::unassign, slots, "", ""}, {SlotOp::clear_open, {}, "", ""}}, false,
                    r);
                break;
            case 4: {
                BumpResult b;
                bump_epoch(c, static_cast<std::int32_t>(arg % n), b);
                break;
            }
            case 5:
                resolve_epoch_collisions(c, messages);
                break;
            case 6: {
                std::vector<bool> used;
                const Node& target = c.nodes[arg % n];
                std::string error;
                if (auto e = parse_remap_entry(target.ip + "=10.9.8." + std::to_string(arg), error))
                    remap_addresses(c, {*e}, std::nullopt, used, messages);
                break;
            }
            case 7:
                if (c.nodes.size() > 1)
                    forget_node(c, static_cast<std::int32_t>(arg % c.nodes.size()), arg & 1,
                                messages);
                fix_shard_ids(c, messages);
                break;
        }
    }
    const std::string written = write_config(c, d);
    const Analysis again = analyze(written, d);
    // No fixed point in the server either: a replica of a replica (its epoch is its master's,
    // which changes on reload), or a node that is its own master (an epoch an edit set in memory
    // is written, then read back as 0 from 7.0.3 on).
    bool chain = false;
    for (const Finding& f : again.result.findings)
        chain = chain || f.code == Code::replica_of_replica || f.code == Code::replica_of_self;
    if (!again.result.has_errors() && !chain && write_config(again.result.config, d) != written)
        __builtin_trap();
    return 0;
}
