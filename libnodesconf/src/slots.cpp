#include "nodesconf/slots.h"

#include <charconv>

#include <fmt/format.h>

#include "decimal.h"

namespace nodesconf {

std::vector<SlotRange> to_ranges(const SlotSet& slots) {
    // Each run's ends found 64 slots a step with libstdc++'s word scans (_Find_first and
    // _Find_next): a test of every bit took 10 us for the 16,000 unowned slots of a new
    // node's file, as long as the rest of validating it.
    std::vector<SlotRange> ranges;
    const SlotSet unset = ~slots;
    for (std::size_t first = slots._Find_first(); first < slots.size();) {
        // A lone slot, as in a file of scattered slots, is told by its neighbour alone.
        const std::size_t end = first + 1 < slots.size() && !slots[first + 1]
                                    ? first + 1
                                    : unset._Find_next(first);  // size(): the run ends the table
        ranges.push_back({static_cast<int>(first), static_cast<int>(end - 1)});
        first = end < slots.size() ? slots._Find_next(end) : slots.size();
    }
    return ranges;
}

void append_range(std::string& out, SlotRange range) {
    detail::append_decimal(out, range.first);
    if (range.last == range.first) return;
    out += '-';
    detail::append_decimal(out, range.last);
}

std::string format_ranges(const SlotSet& slots, std::string_view separator) {
    std::string out;
    for (const SlotRange& range : to_ranges(slots)) {
        if (!out.empty()) out += separator;
        append_range(out, range);
    }
    return out;
}

std::optional<SlotSet> parse_ranges(std::string_view text, std::string* error) {
    auto fail = [&](std::string message) -> std::optional<SlotSet> {
        if (error) *error = std::move(message);
        return std::nullopt;
    };
    auto parse_slot = [](std::string_view part, int& slot) {
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), slot);
        return ec == std::errc{} && end == part.data() + part.size() && !part.empty();
    };
    SlotSet slots;
    if (text.empty()) return fail("empty slot list");
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto comma = text.find(',', pos);
        const std::string_view item = text.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        const auto dash = item.find('-');
        int first = 0, last = 0;
        if (dash == std::string_view::npos) {
            if (!parse_slot(item, first))
                return fail(fmt::format("'{}' is not a slot number", item));
            last = first;
        } else if (!parse_slot(item.substr(0, dash), first) ||
                   !parse_slot(item.substr(dash + 1), last)) {
            return fail(fmt::format("'{}' is not a slot range", item));
        }
        if (first < 0 || last >= kSlotCount || first > last)
            return fail(fmt::format("'{}' is not within 0-16383 in ascending order", item));
        for (int slot = first; slot <= last; ++slot) slots.set(slot);
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return slots;
}

}  // namespace nodesconf
