// Asking the kernel for a fresh buffer's pages in one call: a buffer filled page by page takes a
// page fault per 4 KiB, and in a VM each costs more than parsing the page does (issue #7: a 1 MB
// file is 256 faults, 100,000 nodes are 10,000). Only a hint: errors are ignored.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace nodesconf::detail {

// The last few page ranges this thread populated. A program that loads file after file (validate
// over many files, check) gets the same heap memory back for each: its pages are still there,
// and asking again only walks their page tables (4 % of loading a 1000-node file, in a loop).
// Should malloc have returned them to the kernel meanwhile, the buffer merely faults its pages
// in one by one, as it would without this hint.
class PopulatedRanges {
  public:
    bool covers(std::uintptr_t begin, std::uintptr_t end) const {
        for (const Range& r : ranges_)
            if (begin >= r.begin && end <= r.end) return true;
        return false;
    }
    void add(std::uintptr_t begin, std::uintptr_t end) {
        ranges_[next_] = {begin, end};
        next_ = (next_ + 1) % ranges_.size();
    }
    // Whether [begin, end) is worth populating now, noting it if so.
    bool should_populate(std::uintptr_t begin, std::uintptr_t end) {
        // malloc maps a buffer this large afresh every time (its mmap threshold never rises past
        // 32 MiB on 64-bit), so its pages are new even at an address seen before.
        constexpr std::uintptr_t kAlwaysMapped = std::uintptr_t{32} << 20;
        if (end - begin >= kAlwaysMapped) return true;
        if (covers(begin, end)) return false;
        add(begin, end);
        return true;
    }

  private:
    struct Range {
        std::uintptr_t begin = 0, end = 0;
    };
    std::array<Range, 4> ranges_{};
    std::size_t next_ = 0;
};

inline void prefault(void* data, std::size_t size) {
#if defined(MADV_POPULATE_WRITE)
    constexpr std::size_t kWorthIt = std::size_t{1} << 17;  // malloc's own mmap threshold
    if (size < kWorthIt) return;
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto begin = (reinterpret_cast<std::uintptr_t>(data) + page - 1) & ~(page - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + size) & ~(page - 1);
    if (end <= begin) return;
    thread_local PopulatedRanges populated;
    if (!populated.should_populate(begin, end)) return;
#if defined(MADV_HUGEPAGE)
    // The 2 MiB-aligned stretches inside the buffer in huge pages where the kernel has them: one
    // fault and one clear instead of 512 (100,000 nodes: 48.8 -> 37.1 ms, whole process). The
    // buffer is filled end to end, so no memory is wasted; without huge pages this does nothing.
    constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
    const auto huge_begin = (begin + kHuge - 1) & ~(kHuge - 1), huge_end = end & ~(kHuge - 1);
    if (huge_end > huge_begin)
        madvise(reinterpret_cast<void*>(huge_begin), huge_end - huge_begin, MADV_HUGEPAGE);
#endif
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
    (void)data, (void)size;
#endif
}

}  // namespace nodesconf::detail
