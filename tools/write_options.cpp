#include "write_options.h"

#include <charconv>

#include <fmt/format.h>

#include "common.h"
#include "nodesconf/lines.h"
#include "nodesconf/text_diff.h"

namespace nodesconf::cli {

void normalize_optional_values(std::vector<std::string>& args) {
    for (std::string& arg : args)
        if (arg == "--backup" || arg == "--wait") arg += "=" + std::string(kNoValue);
}

void add_write_options(CLI::App& cmd, WriteCliOptions& options) {
    add_target_option(cmd, options.target);
    cmd.add_flag("--dry-run,-n", options.dry_run, "Print the change as a diff; write nothing");
    cmd.add_option("--backup", options.backup,
                   "Keep the old bytes first (--backup: FILE.bak; --backup=PATH)");
    cmd.add_flag("--replace", options.replace,
                 "Write a temp file and rename it over FILE (the 7.2+ way) instead of rewriting "
                 "in place");
    cmd.add_option("--wait", options.wait,
                   "Wait for a lock held by another nodesconf (--wait: 60 s; --wait=SECONDS)");
    cmd.add_flag("--force", options.force,
                 "Edit even when a process listens on the myself node's port");
}

std::optional<WriteOptions> to_write_options(const WriteCliOptions& options) {
    WriteOptions out;
    out.target = options.target;
    out.dry_run = options.dry_run;
    out.replace = options.replace;
    out.force = options.force;
    if (!options.backup.empty()) out.backup = options.backup == kNoValue ? "" : options.backup;
    if (options.wait == kNoValue) {
        out.wait_seconds = 60;
    } else if (!options.wait.empty()) {
        double seconds = -1;
        const auto [end, ec] = std::from_chars(options.wait.data(),
                                               options.wait.data() + options.wait.size(), seconds);
        if (ec != std::errc{} || end != options.wait.data() + options.wait.size() || seconds < 0) {
            report_trouble("nodesconf",
                           fmt::format("--wait={}: expected a number of seconds", options.wait));
            return std::nullopt;
        }
        out.wait_seconds = seconds;
    }
    return out;
}

int print_edit_report(const EditReport& report, bool dry_run, bool replace) {
    const bool quiet = globals().quiet;
    const bool several = report.files.size() > 1;
    for (const FileReport& file : report.files) {
        if (file.recovery) fmt::print(stderr, "{}: {}\n", file.path, *file.recovery);
        for (const std::string& message : file.messages)
            fmt::print("{}{}\n", several ? file.path + ": " : "", message);
        switch (file.status) {
            case FileReport::unchanged:
                if (!quiet) fmt::print(stderr, "{}: unchanged\n", file.path);
                break;
            case FileReport::would_write:
                fmt::print("{}",
                           unified_diff(file.before, file.after, file.path, file.path + " (new)"));
                if (!quiet)
                    fmt::print(stderr, "{}: would be rewritten for {} (dry run: nothing written)\n",
                               file.path, file.target);
                break;
            case FileReport::written:
                if (!quiet)
                    fmt::print(stderr, "{}: written for {} ({})\n", file.path, file.target,
                               replace ? "replaced by rename" : "rewritten in place");
                break;
        }
    }
    (void)dry_run;
    if (report.outcome == EditReport::done) return kOk;
    if (!report.findings.empty()) {
        Input shown{report.findings_path, report.findings_bytes, "", {}};
        print_findings(stderr, shown, report.findings, Severity::error);
    }
    fmt::print(stderr, "{}\n", report.error);
    return report.outcome == EditReport::failed ? kTrouble : kNo;
}

}  // namespace nodesconf::cli
