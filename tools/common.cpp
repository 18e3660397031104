#include "common.h"

#include "allocator.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "nodesconf/analyze.h"
#include "nodesconf/lines.h"

namespace nodesconf::cli {

GlobalOptions& globals() {
    static GlobalOptions options;
    return options;
}

Input read_input(const std::string& path) {
    Input input;
    input.name = path == "-" ? "<stdin>" : path;
    if (path != "-") {
        use_huge_pages_for(path.c_str());
        // A shared lock, waiting briefly for a nodesconf writer; a server holds its lock for its
        // whole life, so after the wait the file is read anyway and the holder named.
        LockedFile::Failure failure;
        auto file = LockedFile::open(path, {false, 2.0}, failure);
        if (!file) {
            input.error = failure.kind == LockedFile::Failure::io ? failure.error.reason()
                                                                  : failure.message();
            return input;
        }
        input.bytes = file->take_bytes();
        if (file->recovery())
            input.file_findings.push_back(
                make_finding(Code::rewrite_completed, 0, 0, 0, *file->recovery()));
        if (file->pending_unrepaired())
            input.file_findings.push_back(make_finding(
                Code::pending_rewrite, 0, 0, 0,
                fmt::format("{} holds an interrupted nodesconf rewrite that could not be completed "
                            "now ({}); run a nodesconf command with write access while the node is "
                            "stopped",
                            pending_path(path), file->repair_failure())));
        for (const FileUser& user : file->read_despite())
            input.file_findings.push_back(
                make_finding(Code::file_in_use, 0, 0, 0, "read while " + user.describe()));
        return input;
    }
    char buffer[1 << 16];
    while (true) {
        const ssize_t got = ::read(0, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            input.error = fmt::format("cannot read: {}", std::strerror(errno));
            break;
        }
        if (got == 0) break;
        input.bytes.append(buffer, static_cast<std::size_t>(got));
    }
    return input;
}

std::optional<LoadedFile> load_file(const std::string& path, std::string_view target) {
    return report_load(try_load(path, target));
}

void for_each_index(std::size_t count, unsigned jobs,
                    const std::function<void(std::size_t)>& task) {
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, count));
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next++) < count;) task(i);
    };
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < jobs; ++t) workers.emplace_back(work);
    work();
    for (std::thread& t : workers) t.join();
}

LoadAttempt try_load(const std::string& path, std::string_view target) {
    LoadAttempt attempt{{read_input(path), {}, {}, false}, {}, false};
    LoadedFile& loaded = attempt.file;
    if (!loaded.input.error.empty()) {
        attempt.trouble = loaded.input.error;
        return attempt;
    }
    auto analysis = analyze(loaded.input.bytes, target);
    if (!analysis) {
        attempt.trouble = unknown_target(target);
        return attempt;
    }
    loaded.dialect = std::move(analysis->dialect);
    loaded.result = std::move(analysis->result);
    loaded.live = !loaded.result.config.vars.present && !loaded.result.config.nodes.empty();
    if (loaded.result.has_errors() || loaded.result.empty_file) {
        attempt.refused = true;
        attempt.trouble = loaded.result.empty_file
                              ? "the file is empty"
                              : fmt::format("{} would not load this file", loaded.dialect.name);
    }
    return attempt;
}

std::optional<LoadedFile> report_load(LoadAttempt attempt) {
    if (attempt.trouble.empty()) return std::move(attempt.file);
    if (attempt.refused)
        print_findings(stderr, attempt.file.input, attempt.file.result.findings, Severity::error);
    report_trouble(attempt.file.input.name, attempt.trouble);
    return std::nullopt;
}

void report_trouble(std::string_view name, std::string_view message) {
    fmt::print(stderr, "{}: {}\n", name, message);
}

bool color_enabled(std::FILE* stream) {
    const std::string& mode = globals().color;
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return ::isatty(::fileno(stream)) == 1;
}

CLI::Option* add_target_option(CLI::App& app, std::string& target) {
    return app
        .add_option("--target,-t", target,
                    "Server release whose rules apply: " + target_names_help())
        ->default_val("auto");
}

std::optional<Analysis> analyze_or_report(std::string_view bytes, std::string_view target,
                                          std::string_view file) {
    auto analysis = analyze(bytes, target);
    if (!analysis) report_trouble(file, unknown_target(target));
    return analysis;
}

std::string unknown_target(std::string_view target) {
    return fmt::format("unknown target '{}' (expected {})", target, target_names_help());
}

std::string counted(std::size_t count, std::string_view noun) {
    return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

std::string target_label(const Dialect& dialect, std::string_view requested) {
    return requested == "auto" ? dialect.name + " (auto)" : dialect.name;
}

namespace {
const char* severity_color(Severity severity) {
    switch (severity) {
        case Severity::error:
            return "\033[1;31m";
        case Severity::warning:
            return "\033[1;35m";
        case Severity::note:
            return "\033[1;36m";
    }
    return "";
}
}  // namespace

void print_findings(std::FILE* stream, const Input& input, std::span<const Finding> findings,
                    Severity at_least) {
    const std::string out = format_findings(input, findings, color_enabled(stream), at_least);
    std::fputs(out.c_str(), stream);
}

std::string format_findings(const Input& input, std::span<const Finding> findings, bool color,
                            Severity at_least) {
    std::string out;
    for (const Finding& f : findings) {
        if (f.severity < at_least) continue;
        const std::string where =
            f.line == 0 ? input.name : fmt::format("{}:{}:{}", input.name, f.line, f.column);
        if (color) {
            out += fmt::format("\033[1m{}: {}{}:\033[0m\033[1m {}\033[0m [{}]\n", where,
                               severity_color(f.severity), severity_name(f.severity), f.message,
                               code_name(f.code));
            if (f.column == 0 || f.length == 0) continue;
            std::string_view text = physical_line(input.bytes, f.line);
            if (text.size() > 200 && f.column + 80 > 200) continue;  // too long to show usefully
            if (text.size() > 200) text = text.substr(0, 200);
            std::string shown(text);
            for (char& c : shown)
                if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = ' ';
            std::string caret(f.column > 0 ? f.column - 1 : 0, ' ');
            for (std::size_t i = 0; i + 1 < f.column && i < text.size(); ++i)
                if (text[i] == '\t') caret[i] = '\t';
            caret += '^';
            if (f.length > 1) caret += std::string(std::min<std::uint32_t>(f.length - 1, 120), '~');
            out += fmt::format("{}\n\033[1;32m{}\033[0m\n", shown, caret);
        } else {
            out += fmt::format("{}: {}: {} [{}]\n", where, severity_name(f.severity), f.message,
                               code_name(f.code));
        }
    }
    return out;
}

void write_findings_json(JsonWriter& json, std::span<const Finding> findings) {
    json.begin_array();
    for (const Finding& f : findings) {
        json.begin_object()
            .key("line")
            .value(f.line)
            .key("column")
            .value(f.column)
            .key("length")
            .value(f.length)
            .key("severity")
            .value(severity_name(f.severity))
            .key("code")
            .value(code_name(f.code))
            .key("message")
            .value(f.message)
            .end_object();
    }
    json.end_array();
}

}  // namespace nodesconf::cli
