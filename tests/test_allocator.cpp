// tools/allocator.h seen from inside a process: where the command's heap lies after it
// decides, before reading its first file, whether that file and its model go into huge pages.
#include <gtest/gtest.h>

#include <malloc.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "allocator.h"
#include "test_support.h"

using namespace nodesconf::test;

// The heap as the command places it before reading its first file (tools/allocator.h), seen from
// inside this process: the VmFlags of the mapping holding an address ("hg": advised for huge
// pages), from /proc/self/smaps.
namespace {
std::string mapping_flags(const void* address) {
    const auto where = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t begin = 0, end = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &begin, &end) == 2 && line.find('-') < 16)
            inside = where >= begin && where < end;
        else if (inside && line.starts_with("VmFlags:"))
            return line;
    }
    return "";
}

bool advised_for_huge_pages(const void* address) {
    return mapping_flags(address).find(" hg") != std::string::npos;
}

constexpr std::uintptr_t kHugePage = std::uintptr_t{1} << 21;

// Each test runs in a process of its own (ctest), so each sees the first call's decision.
class HeapPlacement : public ::testing::Test {
  protected:
    void SetUp() override {
#if defined(__SANITIZE_ADDRESS__) || !defined(__GLIBC__)
        GTEST_SKIP() << "the command places glibc's heap only in a plain glibc build";
#endif
        dir_ = make_temp_dir("huge");
        nodesconf::cli::keep_freed_memory();
    }
    void TearDown() override {
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }
    // What the command does before reading a file of `bytes`. Only the size counts, and the
    // file is sized, not written: a large block freed here would be reused before the heap's
    // fresh end, which the command, whose first large block is the file's, never has.
    void before_reading(const std::string& name, std::size_t bytes) {
        const std::string path = dir_ + "/" + name;
        write_file(path, "");
        std::filesystem::resize_file(path, bytes);
        nodesconf::cli::use_huge_pages_for(path.c_str());
    }
    std::string dir_;
};
}  // namespace

// A first file of half a megabyte and more: the blocks the file and its model take next begin on
// a 2 MiB boundary, in memory advised for huge pages, so the kernel backs each 2 MiB with one
// page (229 faults became 67 on the 951 KB open-slot file).
TEST_F(HeapPlacement, LargeFirstFileGetsTheHeapInHugePages) {
    before_reading("nodes.conf", 600 * 1024);
    void* file = std::malloc(600 * 1024);
    void* model = std::malloc(1600 * 1024);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(file) % kHugePage, 0u) << file;
    EXPECT_TRUE(advised_for_huge_pages(file)) << mapping_flags(file);
    EXPECT_TRUE(advised_for_huge_pages(static_cast<char*>(model) + 1600 * 1024 - 1))
        << mapping_flags(model);
    std::free(model);
    std::free(file);
}

// A smaller first file leaves the heap alone (a 2 MiB clear would cost it more than it saves),
// and the first file decides: a large one after it changes nothing.
TEST_F(HeapPlacement, SmallFirstFileLeavesTheHeapAlone) {
    before_reading("small.conf", 500 * 1024);
    before_reading("large.conf", 600 * 1024);
    void* file = std::malloc(600 * 1024);
    EXPECT_FALSE(advised_for_huge_pages(file)) << mapping_flags(file);
    std::free(file);
}

// A room past the 32 MiB from which malloc maps a block of its own (a 9 MB file, 100,000 nodes
// and more) still comes from the heap: the model's blocks after the file lie in it. Blocks
// above the threshold are mapped again afterwards.
TEST_F(HeapPlacement, RoomLargerThanMallocsMmapThresholdIsInTheHeap) {
    before_reading("nodes.conf", 9 << 20);
    void* file = std::malloc(9 << 20);
    void* model = std::malloc(24 << 20);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(file) % kHugePage, 0u) << file;
    EXPECT_TRUE(advised_for_huge_pages(static_cast<char*>(model) + (24 << 20) - 1))
        << mapping_flags(model);
    const std::size_t mapped = mallinfo2().hblks;
    void* volatile beyond = std::malloc(40 << 20);  // volatile: not an allocation to drop
    EXPECT_EQ(mallinfo2().hblks, mapped + 1);
    std::free(beyond);
    std::free(model);
    std::free(file);
}

// With -j, files are read on worker threads too, whose blocks come from arenas of their own: a
// worker's call places nothing and leaves the decision to the main thread's first file.
TEST_F(HeapPlacement, WorkerThreadsLeaveTheHeapToTheMainThread) {
    std::thread worker([&] { before_reading("first.conf", 600 * 1024); });
    worker.join();
    before_reading("second.conf", 600 * 1024);
    void* file = std::malloc(600 * 1024);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(file) % kHugePage, 0u) << file;
    EXPECT_TRUE(advised_for_huge_pages(file)) << mapping_flags(file);
    std::free(file);
}
