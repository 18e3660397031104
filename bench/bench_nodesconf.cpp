// Google Benchmark: tokenize, parse+validate, serialize, diff and check on each generated file,
// with a memchr line count over the same buffer as the baseline in the same run (issue #7).
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "allocator.h"
#include "generate.h"
#include "nodesconf/analyze.h"
#include "nodesconf/cluster_check.h"
#include "nodesconf/diff.h"
#include "nodesconf/lines.h"
#include "nodesconf/tokenizer.h"
#include "nodesconf/write.h"

using namespace nodesconf;

namespace {

const std::string& file_of(int kind) {
    static std::vector<std::string> files = [] {
        std::vector<std::string> out;
        for (std::string_view k : bench::generated_kinds()) out.push_back(bench::generate(k));
        return out;
    }();
    return files[static_cast<std::size_t>(kind)];
}

std::size_t count_lines(const std::string& text) {
    std::size_t n = 0;
    for (const char* p = text.data();
         (p = static_cast<const char*>(std::memchr(p, '\n', text.data() + text.size() - p))); ++p)
        ++n;
    return n;
}

void report(benchmark::State& state, const std::string& text) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters["lines/s"] = benchmark::Counter(
        static_cast<double>(state.iterations() * count_lines(text)), benchmark::Counter::kIsRate);
    state.SetLabel(std::string(bench::generated_kinds()[static_cast<std::size_t>(state.range(0))]));
}

void BM_MemchrLines(benchmark::State& state) {
    const std::string& text = file_of(static_cast<int>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(count_lines(text));
    report(state, text);
}

void BM_Tokenize(benchmark::State& state) {
    const std::string& text = file_of(static_cast<int>(state.range(0)));
    TokenBuffer tokens;
    for (auto _ : state) {
        std::size_t n = 0;
        for (LineReader reader(text); auto line = reader.next();)
            if (tokenize(line->text, tokens)) n += tokens.size();
        benchmark::DoNotOptimize(n);
    }
    report(state, text);
}

// As `nodesconf validate` does it by default: --target auto.
void BM_ParseValidate(benchmark::State& state) {
    const std::string& text = file_of(static_cast<int>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(analyze(text, "auto")->result.findings.size());
    report(state, text);
}

void BM_DetectTarget(benchmark::State& state) {
    const std::string& text = file_of(static_cast<int>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(&detect_dialect(text));
    report(state, text);
}

// Serialize, diff and check each file as the release that wrote it (the "aux" kind is 7.2+).
void BM_Serialize(benchmark::State& state) {
    const std::string& text = file_of(static_cast<int>(state.range(0)));
    const Dialect& d = detect_dialect(text);
    const Config config = analyze(text, d).result.config;
    for (auto _ : state) benchmark::DoNotOptimize(write_config(config, d).size());
    report(state, text);
}

void BM_Diff(benchmark::State& state) {
    const std::string& text = file_of(static_cast<int>(state.range(0)));
    const Dialect& d = detect_dialect(text);
    const Config a = analyze(text, d).result.config;
    Config b = a;
    for (std::size_t i = 0; i < b.nodes.size(); i += 7) b.nodes[i].config_epoch += 1;
    for (int s = 0; s < kSlotCount; s += 97) b.slot_owner[s] = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(diff_configs({&a, &d, false}, {&b, &d, false}).size());
    report(state, text);
}

void BM_Check(benchmark::State& state) {
    const std::string& text = file_of(static_cast<int>(state.range(0)));
    const Dialect& d = detect_dialect(text);
    const Config a = analyze(text, d).result.config;
    Config b = a, c = a;
    std::swap(b.nodes[0].flags, b.nodes[1].flags);  // another node's view
    c.slot_owner[42] = kNoNode;
    for (auto _ : state)
        benchmark::DoNotOptimize(
            check_cluster({{"a", &a, &d}, {"b", &b, &d}, {"c", &c, &d}}).problems.size());
    report(state, text);
}

// Growth: parse+validate as the nodes, slot tokens or open slots grow tenfold, with the time per
// item and Google Benchmark's complexity fit printed after each series.
//
// A warm series reuses what the last load left in the caches: up to 10,000 nodes, the file and
// the model (4 MB) stay in the last-level cache from one load to the next, and at 100,000 (42 MB)
// they do not, so that step also measures the cache's size. The cold series evicts the caches,
// untimed, before every load, as a fresh process finds them at every size, so the two series
// tell what one load leaves to the next from what a load's own working set costs.
enum class Caches { kWarm, kCold };

// Touches a buffer several times the last-level cache, so that the next load finds none of its
// data in any cache (nor its pages in the TLB).
void evict_caches() {
    static std::vector<char> buffer = [] {
        const long last_level = sysconf(_SC_LEVEL3_CACHE_SIZE);
        const auto bytes = std::max<std::size_t>(
            std::size_t{64} << 20, 4 * static_cast<std::size_t>(std::max(0L, last_level)));
        return std::vector<char>(bytes, 1);
    }();
    for (std::size_t i = 0; i < buffer.size(); i += 64) ++buffer[i];
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
}

template <std::string (*Make)(int, unsigned), Caches caches = Caches::kWarm>
void growth(benchmark::State& state, const char* item) {
    static std::map<std::int64_t, std::string> files;
    auto [it, fresh] = files.try_emplace(state.range(0));
    if (fresh) it->second = Make(static_cast<int>(state.range(0)), 1);
    const std::string& text = it->second;
    const Dialect d = *find_dialect("redis-7.0");
    for (auto _ : state) {
        if constexpr (caches == Caches::kCold) {
            state.PauseTiming();
            evict_caches();
            state.ResumeTiming();
        }
        benchmark::DoNotOptimize(analyze(text, d).result.findings.size());
    }
    state.SetComplexityN(state.range(0));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters[std::string("time/") + item] = benchmark::Counter(
        static_cast<double>(state.range(0)),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
void BM_GrowthNodes(benchmark::State& state) {
    growth<bench::cluster_of>(state, "node");
}
void BM_GrowthNodesCold(benchmark::State& state) {
    growth<bench::cluster_of, Caches::kCold>(state, "node");
}
void BM_GrowthSlotTokens(benchmark::State& state) {
    growth<bench::slot_tokens>(state, "token");
}
void BM_GrowthOpenSlots(benchmark::State& state) {
    growth<bench::open_slots>(state, "open-slot");
}

void kinds(benchmark::internal::Benchmark* b) {
    for (int k = 0; k < static_cast<int>(bench::generated_kinds().size()); ++k) b->Arg(k);
}

}  // namespace

BENCHMARK(BM_MemchrLines)->Apply(kinds);
BENCHMARK(BM_Tokenize)->Apply(kinds);
BENCHMARK(BM_ParseValidate)->Apply(kinds);
BENCHMARK(BM_DetectTarget)->Apply(kinds);
BENCHMARK(BM_Serialize)->Apply(kinds);
BENCHMARK(BM_Diff)->Apply(kinds);
BENCHMARK(BM_Check)->Apply(kinds);
BENCHMARK(BM_GrowthNodes)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000)->Complexity(benchmark::oN);
// A fixed count of loads: the untimed eviction would otherwise run for minutes at 100 nodes.
BENCHMARK(BM_GrowthNodesCold)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Iterations(40)
    ->Complexity(benchmark::oN);
BENCHMARK(BM_GrowthSlotTokens)
    ->Arg(164)
    ->Arg(1640)
    ->Arg(16400)
    ->Arg(164000)
    ->Complexity(benchmark::oN);
BENCHMARK(BM_GrowthOpenSlots)->Arg(16)->Arg(160)->Arg(1600)->Arg(16000)->Complexity(benchmark::oN);
// The allocator settings of the nodesconf command: the series measure its parse, not the
// page faults of a heap that glibc would trim after each load.
int main(int argc, char** argv) {
    nodesconf::cli::keep_freed_memory();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
