// How the nodesconf command asks malloc to keep the memory it frees (the benchmarks take the same
// setting, to time what the command does), and where it places its heap for a large file.
// Process-wide, so the program decides it, never the library.
#pragma once

#include <cstdlib>  // before the test below: a libc header defines __GLIBC__

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace nodesconf::cli {

// Called first thing in main. glibc maps each block above 128 KiB afresh and gives the top of its
// heap back to the kernel once 128 KiB of it is free, adjusting both limits only as it goes. A run
// over many files then returns each file's memory and faults it in again page by page for the
// next: validating 100 files of 1000 nodes took 29.2 ms, 15.2 of them in the kernel, and 16.7 ms
// with the memory kept (issue #7). Memory stays at the largest file's high-water mark until exit;
// a single file's run is unchanged.
inline void keep_freed_memory() {
#if defined(__GLIBC__)
    // Blocks below glibc's largest mmap threshold on 64-bit come from the heap, and stay there.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

// Called before the process reads a file, with its path. A first file of half a megabyte and
// more, and its model, then go into huge pages: validating the open-slot test file (951 KB) took
// 229 page faults, 1.7-2 us each on a VM, and takes 67, one of them a 2 MiB clear (whole
// `validate` 2.23 -> 1.63x `wc -l`; 100,000 nodes 1,672 -> 75 faults, 45.1 -> 35.3 ms; issue #7). A
// smaller file would pay the clear for less than it saves, and every run would risk the kernel
// compacting memory to find a huge page, so smaller files are left alone. Only the main thread's
// heap, glibc's brk heap, is placed; the first call decides. A hint, like the library's prefault:
// whatever fails leaves ordinary pages.
inline void use_huge_pages_for(const char* path) {
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(__SANITIZE_ADDRESS__)
    // The first call on each thread asks whether it is the main one (two syscalls, which every
    // file of a `validate -j` run paid before); only the main thread's first call goes on.
    thread_local bool asked = false;
    if (asked) return;
    asked = true;
    if (gettid() != getpid()) return;
    constexpr std::uintmax_t kWorthIt = std::uintmax_t{512} << 10;
    struct stat status;
    if (::stat(path, &status) != 0 || !S_ISREG(status.st_mode)) return;
    const auto file_bytes = static_cast<std::uintmax_t>(status.st_size);
    if (file_bytes < kWorthIt) return;
    constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
    // Room for the file, its model and their growth: four times the file, in whole huge pages.
    // What is never touched costs no memory.
    constexpr std::uintmax_t kMostRoom = std::uintmax_t{1} << 30;
    const auto room = static_cast<std::uintptr_t>(
        (std::min(file_bytes, kMostRoom / 4) * 4 + kHuge - 1) & ~std::uintmax_t{kHuge - 1});
    // The room begins at the first 2 MiB boundary above the heap's break: memory never mapped,
    // so never touched (a page touched in a 2 MiB stretch keeps the whole stretch in small
    // pages). A block that is never used or freed fills the top chunk (the heap's free end, from
    // which a large block is cut) up to the boundary; a glibc chunk carries a 16-byte header, so
    // the next block's header lies just below the boundary and its body above.
    constexpr std::uintptr_t kHeader = 2 * sizeof(std::size_t);
    const auto brk = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const auto top = brk - mallinfo2().keepcost;
    const auto boundary = (brk + kHeader + kHuge - 1) & ~(kHuge - 1);
    // volatile: the compiler must not drop the calls as allocations nobody uses.
    [[maybe_unused]] static void* volatile filler = nullptr;
    if (boundary - top > 2 * kHeader) filler = std::malloc(boundary - top - 2 * kHeader);
    // Grow the heap past the room at once (from the heap, however large: mmap off meanwhile) and
    // hand the room back to the top chunk. Its pages are then mapped and untouched, and the
    // kernel gives each 2 MiB of them one huge page when first written. A heap grown later lies
    // in a mapping of its own, without the advice.
    constexpr int kMallocMmapMax = 65536;  // glibc's default M_MMAP_MAX
    mallopt(M_MMAP_MAX, 0);
    void* volatile reserve = std::malloc(room);
    std::free(reserve);
    mallopt(M_MMAP_MAX, kMallocMmapMax);
    madvise(reinterpret_cast<void*>(boundary), room, MADV_HUGEPAGE);
#else
    (void)path;
#endif
}

}  // namespace nodesconf::cli
