// The text of every slot in order, " 0 1 2 ... 16383 ": a node's slots written one by one, in
// order, are a piece of it, so such a run is read by comparing the line with it, 16 bytes a
// step, rather than token by token (issue #7: a 1 MB line of 200,000 such tokens spent 4.4 ns
// a token finding and reading them).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

#include "nodesconf/slots.h"

namespace nodesconf::detail {

// The slots with `digits` digits are one band of the text: each takes digits + 1 bytes.
struct AscendingBand {
    int first_slot;
    std::size_t first_space;  // where the space before first_slot lies in the text
    std::size_t width;
};
inline constexpr AscendingBand kAscendingBands[] = {
    {0, 0, 2}, {10, 20, 3}, {100, 290, 4}, {1000, 3890, 5}, {10000, 48890, 6}};

// The band of `slot` (0 to kSlotCount), found without a branch: slots in a shuffled order would
// mispredict a search.
constexpr const AscendingBand& band_of_slot(int slot) {
    return kAscendingBands[(slot >= 10) + (slot >= 100) + (slot >= 1000) + (slot >= 10000)];
}

// Where the space before `slot` lies in ascending_slots_text(); for kSlotCount, the text's last
// byte (the space after 16383).
constexpr std::size_t space_before_slot(int slot) {
    const AscendingBand& band = band_of_slot(slot);
    return band.first_space + band.width * static_cast<std::size_t>(slot - band.first_slot);
}
static_assert(space_before_slot(10) == 20 && space_before_slot(100) == 290 &&
              space_before_slot(1000) == 3890 && space_before_slot(10000) == 48890);

// The highest slot, up to kSlotCount, whose space before it lies before byte `end` of the text.
constexpr int last_slot_spaced_before(std::size_t end) {
    const std::size_t at = end - 1;  // end > 0: the text's first byte is slot 0's space
    const AscendingBand* band = std::end(kAscendingBands) - 1;
    while (at < band->first_space) --band;
    const int slot = band->first_slot + static_cast<int>((at - band->first_space) / band->width);
    return std::min(slot, kSlotCount);
}

inline constexpr std::size_t kAscendingSlotsSize = space_before_slot(kSlotCount) + 1;

// Made by the compiler (87 KB of read-only data): built at run time, it would cost each process
// more than the run it speeds up. Eight bytes of padding follow, so that eight may be loaded at
// any slot's space.
inline constexpr auto kAscendingSlotsText = [] {
    std::array<char, kAscendingSlotsSize + 8> text{};
    std::size_t at = 0;
    for (int slot = 0; slot < kSlotCount; ++slot) {
        text[at++] = ' ';
        char reversed[5];
        int digits = 0;
        for (int rest = slot; digits == 0 || rest > 0; rest /= 10)
            reversed[digits++] = static_cast<char>('0' + rest % 10);
        while (digits > 0) text[at++] = reversed[--digits];
    }
    text.at(at) = ' ';  // a text longer than the bands say fails to compile here
    if (at + 1 != kAscendingSlotsSize) throw "the bands do not add up";  // nor a shorter one
    return text;
}();

inline std::string_view ascending_slots_text() {
    return {kAscendingSlotsText.data(), kAscendingSlotsSize};
}

}  // namespace nodesconf::detail
