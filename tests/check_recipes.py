#!/usr/bin/python3
"""Runs the recipes in docs/recipes and .pre-commit-hooks.yaml against real files."""
import atexit, fcntl, json, os, re, shutil, subprocess, sys, tempfile

def scratch_dir():
    """A fresh directory, removed when the script exits, passed or failed."""
    path = tempfile.mkdtemp(prefix="nodesconf-recipes-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path

binary, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
bindir = scratch_dir()
os.symlink(binary, os.path.join(bindir, "nodesconf"))
env = dict(os.environ, PATH=bindir + ":" + os.environ["PATH"], NO_COLOR="1")
good = os.path.join(source, "testdata", "sample-nodes.conf")
passed = failed = 0

def expect(name, ok):
    global passed, failed
    print(("ok    " if ok else "FAIL  ") + name)
    passed, failed = passed + ok, failed + (not ok)

work = scratch_dir()
bad = os.path.join(work, "nodes-bad.conf")
open(bad, "w").write(open(good).read().replace("0-5460", "0-16384", 1) if "0-5460" in open(good).read()
                     else open(good).read().replace(" connected", " connected 16384", 1))

# systemd: the ExecStartPre line, with %i and the path pointed at our files.
line = [l for l in open(os.path.join(source, "docs/recipes/redis-server-nodesconf.conf")) if l.startswith("ExecStartPre=")][0]
command = line.split("=", 1)[1].strip().replace("/usr/bin/nodesconf", "nodesconf")
for name, path, want in [("good", good, 0), ("bad", bad, 1)]:
    cmd = command.replace("/var/lib/redis/nodes-%i.conf", path)
    expect(f"systemd ExecStartPre on a {name} file exits {want}", subprocess.run(cmd, shell=True, env=env).returncode == want)
locked = os.path.join(work, "nodes-locked.conf")
shutil.copy(good, locked)
holder = subprocess.Popen(["python3", "-c", f"import fcntl,time; f=open('{locked}'); fcntl.flock(f, fcntl.LOCK_EX); print(flush=True); time.sleep(30)"],
                          stdout=subprocess.PIPE)
holder.stdout.readline()
r = subprocess.run(command.replace("/var/lib/redis/nodes-%i.conf", locked), shell=True, env=env, capture_output=True, text=True)
holder.kill()
expect("systemd ExecStartPre refuses a file another process holds", r.returncode == 1 and "in use" in r.stderr)

# Kubernetes init container script.
yaml = open(os.path.join(source, "docs/recipes/k8s-init-container.yaml")).read()
script = yaml.split("- |\n", 1)[1].split("    volumeMounts:")[0]
script = "\n".join(l[8:] for l in script.splitlines()).replace("/data/nodes.conf", os.path.join(work, "k8s.conf"))
shutil.copy(good, os.path.join(work, "k8s.conf"))
r = subprocess.run(["sh", "-ec", script], env=dict(env, POD_IP="10.42.0.7"), capture_output=True, text=True)
expect("k8s init container remaps myself and validates", r.returncode == 0 and
       "10.42.0.7:7001@17001 myself" in open(os.path.join(work, "k8s.conf")).read())

# pre-commit hooks: each entry on files.
hooks = open(os.path.join(source, ".pre-commit-hooks.yaml")).read()
entries = re.findall(r"entry: (.+)", hooks)
expect("pre-commit validate hook passes a good file", subprocess.run(entries[0].split() + [good], env=env).returncode == 0)
expect("pre-commit validate hook fails a bad file", subprocess.run(entries[0].split() + [bad], env=env, capture_output=True).returncode == 1)
fresh = sorted(os.path.join(source, "testdata/redis-7.0.15/a-fresh-cluster", f) for f in os.listdir(os.path.join(source, "testdata/redis-7.0.15/a-fresh-cluster")) if f.endswith(".conf"))
expect("pre-commit check hook passes a consistent cluster", subprocess.run(entries[1].split() + fresh, env=env).returncode == 0)

# GitHub problem matcher against real diagnostics.
matcher = json.load(open(os.path.join(source, "docs/recipes/nodesconf-problem-matcher.json")))["problemMatcher"][0]["pattern"][0]
regex = re.compile(matcher["regexp"])
r = subprocess.run(["nodesconf", "validate", bad, os.path.join(source, "testdata/redis-7.0.15/j-after-reset-soft/nodes-7000.conf")],
                   env=env, capture_output=True, text=True)
lines = [l for l in r.stderr.splitlines() if l]
matches = [regex.match(l) for l in lines]
expect("problem matcher reads every diagnostic", lines and all(matches))
expect("problem matcher takes file, line, column, severity, code",
       any(m.group(matcher["file"]) == bad and m.group(matcher["severity"]) == "error" and m.group(matcher["code"]) == "slot-range"
           for m in matches if m))
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
