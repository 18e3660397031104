// Properties over random models (issue #9): what the writer produces for any valid model parses
// back to the same model, for every dialect; random edit sequences keep files loadable and the
// write path round-trips them.
#include <gtest/gtest.h>

#include <random>

#include <fmt/format.h>

#include "nodesconf/analyze.h"
#include "nodesconf/edit_epochs.h"
#include "nodesconf/edit_slots.h"
#include "nodesconf/write.h"

using namespace nodesconf;

namespace {

std::string random_id(std::mt19937_64& rng) {
    std::string id;
    while (id.size() < 40) id += fmt::format("{:016x}", rng());
    return id.substr(0, 40);
}

// A random file that the dialect's server would write: masters with disjoint slot ranges,
// replicas of them, a myself, open slots on myself, hostnames and aux fields where the release has
// them.
std::string random_file(std::mt19937_64& rng, const Dialect& d) {
    const int masters = 1 + static_cast<int>(rng() % 6), replicas = static_cast<int>(rng() % 6);
    std::vector<std::string> ids;
    for (int i = 0; i < masters + replicas; ++i) ids.push_back(random_id(rng));
    const int me = static_cast<int>(rng() % ids.size());
    std::vector<int> cuts{0};
    for (int i = 1; i < masters; ++i) cuts.push_back(static_cast<int>(rng() % kSlotCount));
    cuts.push_back(kSlotCount);
    std::sort(cuts.begin(), cuts.end());
    std::string out;
    std::uint64_t max_epoch = 0;
    for (int i = 0; i < static_cast<int>(ids.size()); ++i) {
        const bool master = i < masters;
        const std::uint64_t epoch = master
                                        ? static_cast<std::uint64_t>(i + 1)
                                        : static_cast<std::uint64_t>(1 + (i - masters) % masters);
        max_epoch = std::max(max_epoch, epoch);
        std::string address = fmt::format("10.0.{}.{}:{}", rng() % 256, rng() % 256, 7000 + i);
        if (d.address_style != AddressStyle::ip_port) address += fmt::format("@{}", 17000 + i);
        const bool hostname = rng() % 2 && d.address_style != AddressStyle::ip_port &&
                              d.address_style != AddressStyle::ip_port_cport;
        if (d.address_style == AddressStyle::aux) {
            const std::string& shard = ids[master ? i : (i - masters) % masters];
            address +=
                fmt::format(",{},tls-port=0,shard-id={}", hostname ? "h" + std::to_string(i) : "",
                            fmt::format("{:0>40}", shard.substr(0, 8)));
        } else if (hostname) {
            address += ",node-" + std::to_string(i);
        }
        std::string flags = std::string(i == me ? "myself," : "") + (master ? "master" : "slave");
        if (!master && rng() % 3 == 0 && d.knows_nofailover) flags += ",nofailover";
        out += fmt::format("{} {} {} {} 0 {} {} connected", ids[i], address, flags,
                           master ? "-" : ids[(i - masters) % masters],
                           rng() % 2 ? 0 : 1795671704000 + rng() % 1000,
                           master || !d.writes_master_epoch_for_replicas
                               ? epoch
                               : static_cast<std::uint64_t>(1 + (i - masters) % masters));
        if (master && cuts[i] < cuts[i + 1]) {
            out += fmt::format(" {}", cuts[i]);
            if (cuts[i + 1] - 1 > cuts[i]) out += fmt::format("-{}", cuts[i + 1] - 1);
        }
        if (i == me && master && masters > 1 && cuts[i] < cuts[i + 1])
            out += fmt::format(" [{}->-{}]", cuts[i], ids[(i + 1) % masters]);
        out += '\n';
    }
    out += fmt::format("vars currentEpoch {} lastVoteEpoch {}\n", max_epoch + rng() % 3, rng() % 4);
    return out;
}

}  // namespace

TEST(Properties, WriteThenParseIsTheIdentityForEveryDialect) {
    std::mt19937_64 rng(20261126);
    int checked = 0;
    for (const Dialect& d : all_families()) {
        for (int round = 0; round < 300; ++round) {
            const std::string text = random_file(rng, d);
            const Analysis first = analyze(text, d);
            ASSERT_FALSE(first.result.has_errors()) << d.name << "\n" << text;
            const std::string written = write_config(first.result.config, d);
            const Analysis second = analyze(written, d);
            ASSERT_FALSE(second.result.has_errors()) << d.name;
            EXPECT_EQ(write_config(second.result.config, d), written) << d.name;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 9 * 300);
}

TEST(Properties, RandomEditSequencesStayLoadable) {
    std::mt19937_64 rng(7);
    const Dialect d = *find_dialect("redis-7.0");
    int edits = 0;
    for (int round = 0; round < 300; ++round) {
        Config c = analyze(random_file(rng, d), d).result.config;
        for (int step = 0; step < 6; ++step) {
            Config attempt = c;
            const std::int32_t target = static_cast<std::int32_t>(rng() % attempt.nodes.size());
            SlotSet slots;
            const int first = static_cast<int>(rng() % kSlotCount);
            for (int s = first; s < std::min(kSlotCount, first + static_cast<int>(rng() % 500));
                 ++s)
                slots.set(s);
            SlotEditResult r;
            std::optional<std::string> refusal;
            switch (rng() % 4) {
                case 0:
                    refusal = apply_slot_ops(
                        attempt,
                        {{SlotOp::move, slots, std::string(attempt.nodes[target].id.view()), ""}},
                        false, r);
                    break;
                case 1:
                    refusal =
                        apply_slot_ops(attempt, {{SlotOp::unassign, slots, "", ""}}, false, r);
                    break;
                case 2: {
                    BumpResult b;
                    refusal = bump_epoch(attempt, target, b);
                    break;
                }
                case 3: {
                    std::vector<std::string> m;
                    refusal = resolve_epoch_collisions(attempt, m);
                    break;
                }
            }
            if (refusal) continue;  // refused: the edit session keeps the old model
            const std::string written = write_config(attempt, d);
            const Analysis again = analyze(written, d);
            ASSERT_FALSE(again.result.has_errors()) << written;
            EXPECT_EQ(write_config(again.result.config, d), written);
            c = attempt;
            ++edits;
        }
    }
    EXPECT_GT(edits, 500);
}
