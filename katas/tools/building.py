"""Running the compiler on a participant's code, with a GoogleTest it links.

The build itself is kata_check.transcript, the code the step tests use, so
a participant's transcript is made exactly as a recording is. What this
adds is GoogleTest for the chosen compiler: the libraries Bazel built (under
`bazel run`), else Debian's libgtest-dev/libgmock-dev. Those are built for
one standard library; when a compiler cannot link them (Clang with libc++
cannot link a libstdc++ build), GoogleTest is built once from Debian's
sources (/usr/src/googletest) with that compiler into a cache folder, and
reused from there.
"""

import hashlib
import os
import re
import shutil
import subprocess
import tempfile

import kata_check

# FORMAT.md: the checker adds pool/executor_contract.h at pool/. Under Bazel
# the rule passes the header list; run directly, this is the default.
DEFAULT_HEADERS = ["pool/executor_contract.h"]
GOOGLETEST_SOURCES = "/usr/src/googletest"
_PROBE = """#include <gmock/gmock.h>
#include <gtest/gtest.h>
struct Probe { virtual ~Probe() = default; virtual int F() = 0; };
struct MockProbe : Probe { MOCK_METHOD(int, F, (), (override)); };
TEST(Probe, Links) { ::testing::NiceMock<MockProbe> m; EXPECT_EQ(m.F(), 0); }
"""


class Libraries:
    """What kata_check.Env holds: GoogleTest's include folders and
    libraries, and the workspace headers a step may include by path."""

    def __init__(self, includes, libs, main_libs, headers, where):
        self.includes = includes
        self.libs = libs
        self.main_libs = main_libs
        self.headers = headers
        self.where = where  # for a participant: where GoogleTest comes from


def default_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kata-workshop")


def base_libraries(args, root):
    """Bazel's GoogleTest from runfiles when the rule passed it, else the
    system's (-lgtest: Debian's libgtest-dev/libgmock-dev)."""
    if args.lib:
        env = kata_check.Env(args, args.runfiles)
        where = "Bazel's build of GoogleTest"
    else:
        ns = type("Args", (), dict(
            include=[], lib=["-lgmock", "-lgtest"], main_lib=["-lgmock_main"],
            header=[h for h in DEFAULT_HEADERS
                    if os.path.isfile(os.path.join(root, h))],
            workspace=root))
        env = kata_check.Env(ns, "")
        where = "the system's GoogleTest (libgtest-dev, libgmock-dev)"
    return Libraries(env.includes, env.libs, env.main_libs, env.headers,
                     where)


class Builder:
    """Builds a folder as a step, with GoogleTest that links with the
    compiler. `trusted` is the command the base libraries were built with
    (Bazel's toolchain), which is not probed."""

    def __init__(self, base, cache_dir=None, trusted=None, say=None,
                 sources=GOOGLETEST_SOURCES, objects=None,
                 first_failure_only=False):
        self.base = base
        self.cache_dir = cache_dir or default_cache_dir()
        self.trusted = trusted
        self.say = say or (lambda text: None)
        self.sources = sources
        self.objects = objects  # an ObjectCache, for many builds (matrix)
        self.first_failure_only = first_failure_only
        self._known = {}

    def build(self, folder, rel, compiler, log):
        """(transcript, tests_ok) for the code in `folder`, compiled as step
        `rel` (katas/KATA/NN_slug) with a toolchain.Compiler."""
        libraries = self.base
        if needs_googletest(folder):
            libraries = self.libraries(compiler)
        return kata_check.transcript(
            folder, rel, compiler.command, libraries, log=log,
            objects=self.objects, first_failure_only=self.first_failure_only)

    def libraries(self, compiler):
        """The base libraries if they link with the compiler, else a build
        of GoogleTest for it (made once, then found in the cache)."""
        key = compiler.text
        if key not in self._known:
            if compiler.command == self.trusted or self._links(compiler):
                self._known[key] = self.base
            else:
                self._known[key] = self._built(compiler)
        return self._known[key]

    def _slug(self, compiler, *extra):
        text = "\0".join([compiler.text, compiler.name] + list(extra))
        name = re.sub(r"[^A-Za-z0-9.+-]+", "_", compiler.text)[:40]
        return f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"

    def _links(self, compiler):
        """Whether a small gMock test links with the base libraries; the
        answer is kept in the cache (keyed by compiler and libraries)."""
        stamps = [f"{p}:{os.path.getmtime(p) if os.path.exists(p) else 0}"
                  for p in self.base.libs + self.base.main_libs]
        mark = os.path.join(self.cache_dir, "links",
                            self._slug(compiler, *stamps))
        known = kata_check.read(mark)
        if known in ("yes", "no"):
            return known == "yes"
        ok = _try_link(compiler, self.base)
        try:
            os.makedirs(os.path.dirname(mark), exist_ok=True)
            with open(mark, "w", encoding="utf-8") as f:
                f.write("yes" if ok else "no")
        except OSError:
            pass  # only saves time
        return ok

    def _built(self, compiler):
        gt = os.path.join(self.sources, "googletest")
        gm = os.path.join(self.sources, "googlemock")
        if not os.path.isdir(gt):
            raise BuildError(
                f"{self.base.where} does not link with {compiler.text} "
                f"({compiler.name}), and there are no GoogleTest sources in "
                f"{self.sources} to build it with that compiler: install "
                "Debian's googletest package (or use a compiler it links "
                "with).")
        out = os.path.join(self.cache_dir, "googletest",
                           self._slug(compiler, self.sources))
        includes = [os.path.join(gt, "include"), os.path.join(gm, "include")]
        libraries = Libraries(
            includes, [os.path.join(out, "libgmock.a"),
                       os.path.join(out, "libgtest.a")],
            [os.path.join(out, "libgmock_main.a")], self.base.headers,
            f"GoogleTest built for {compiler.text} in {out}")
        if all(os.path.isfile(p) for p in libraries.libs +
               libraries.main_libs):
            return libraries
        shutil.rmtree(out, ignore_errors=True)  # an interrupted build
        self.say(f"GoogleTest: building it from {self.sources} with "
                 f"{compiler.text} (once; it is kept in {out})")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        work = tempfile.mkdtemp(prefix=".build-", dir=os.path.dirname(out))
        try:
            flags = ["-std=c++20", "-w", "-pthread", "-isystem",
                     includes[0], "-isystem", includes[1], "-I", gt, "-I", gm]
            units = [("gtest", os.path.join(gt, "src", "gtest-all.cc")),
                     ("gmock", os.path.join(gm, "src", "gmock-all.cc")),
                     ("gmock_main", os.path.join(gm, "src", "gmock_main.cc"))]
            procs = [(name, subprocess.Popen(
                compiler.command + flags + ["-c", src, "-o",
                                            os.path.join(work, name + ".o")],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
                for name, src in units]
            for name, proc in procs:
                output, _ = proc.communicate()
                if proc.returncode != 0:
                    raise BuildError(f"building GoogleTest with "
                                     f"{compiler.text} failed:\n{output}")
            for name, _ in units:
                library = os.path.join(work, f"lib{name}.a")
                subprocess.run(["ar", "rcs", library,
                                os.path.join(work, name + ".o")], check=True)
                os.remove(os.path.join(work, name + ".o"))
            try:
                os.rename(work, out)
            except OSError:  # another run built it meanwhile
                pass
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return libraries


class ObjectCache:
    """Compiled files kept in a folder, for a run that builds many steps
    (the matrix): consecutive steps often leave a file, and the files it
    includes, as they were. The key is the compile command and the text of
    the file and of every file it includes by `#include "..."`, found
    beside it or under the scratch tree's root (pool/...)."""

    _INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)

    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def key(self, command, work, root, cc):
        digest = hashlib.sha256("\0".join(command).encode())
        seen, todo = set(), [os.path.join(work, cc)]
        while todo:
            path = os.path.normpath(todo.pop())
            if path in seen:
                continue
            seen.add(path)
            text = kata_check.read(path)
            if text is None:
                continue
            digest.update(f"\0{os.path.relpath(path, work)}\0{text}".encode())
            for name in self._INCLUDE.findall(text):
                for base in (os.path.dirname(path), work, root):
                    if os.path.isfile(os.path.join(base, name)):
                        todo.append(os.path.join(base, name))
                        break
        return digest.hexdigest()

    def get(self, key, work, cc):
        """(output, exit status) of the kept compile, with its object
        copied into `work`; None if there is none."""
        entry = os.path.join(self.folder, key)
        text = kata_check.read(entry + ".txt")
        if text is None:
            return None
        rc, _, output = text.partition("\n")
        if int(rc) == 0:
            try:
                shutil.copyfile(entry + ".o", os.path.join(work, cc[:-3] +
                                                           ".o"))
            except OSError:
                return None
        return output, int(rc)

    def put(self, key, work, cc, output, rc):
        entry = os.path.join(self.folder, key)
        try:
            if rc == 0:
                shutil.copyfile(os.path.join(work, cc[:-3] + ".o"),
                                entry + ".o.tmp")
                os.replace(entry + ".o.tmp", entry + ".o")
            with open(entry + ".txt.tmp", "w", encoding="utf-8") as f:
                f.write(f"{rc}\n{output}")
            os.replace(entry + ".txt.tmp", entry + ".txt")
        except OSError:
            pass  # only saves time


class BuildError(Exception):
    """GoogleTest cannot be had for the chosen compiler."""


def needs_googletest(folder):
    names = kata_check.step_sources(folder)
    return any(n.endswith("_test.cc") for n in names) or any(
        kata_check.uses(folder, names, needle)
        for needle in ("#include <gtest/", "#include <gmock/"))


def _try_link(compiler, libraries):
    work = tempfile.mkdtemp(prefix="kata_probe_")
    try:
        with open(os.path.join(work, "probe_test.cc"), "w") as f:
            f.write(_PROBE)
        includes = [w for inc in libraries.includes for w in ("-isystem", inc)]
        p = subprocess.run(
            compiler.command + ["-std=c++20", "-w", "-pthread"] + includes +
            ["probe_test.cc"] + libraries.main_libs + libraries.libs +
            ["-o", "probe"], cwd=work, capture_output=True,
            env=kata_check.clean_env())
        return p.returncode == 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
