// Hash slots: 16384 of them, held as a bitset; ranges for printing and for the command line.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nodesconf {

inline constexpr int kSlotCount = 16384;
using SlotSet = std::bitset<kSlotCount>;

struct SlotRange {
    int first = 0, last = 0;  // inclusive
    bool operator==(const SlotRange&) const = default;
};

// Maximal ascending runs, as the server writes them.
std::vector<SlotRange> to_ranges(const SlotSet& slots);
// "0-100,200" style text of the ranges.
std::string format_ranges(const SlotSet& slots, std::string_view separator = ",");
void append_range(std::string& out, SlotRange range);
// Parses "0-100,200,16000-16383"; nullopt (and `error` set) on anything else.
std::optional<SlotSet> parse_ranges(std::string_view text, std::string* error = nullptr);

}  // namespace nodesconf
