"""A repository of npm packages, installed with `npm ci` from a lock file.

Used for the browser test's playwright-core. npm reaches the npm registry at
fetch time; the packages then live in Bazel's external folder, and tests use
them as ordinary runfiles.
"""

def _npm_install_impl(ctx):
    ctx.symlink(ctx.attr.package_json, "package.json")
    ctx.symlink(ctx.attr.package_lock_json, "package-lock.json")
    npm = ctx.which("npm")
    if npm == None:
        fail("npm is missing: install Debian's nodejs and npm (./bazelw does)")
    result = ctx.execute(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        timeout = 600,
        quiet = True,
    )
    if result.return_code != 0:
        fail("npm ci failed:\n" + result.stdout + result.stderr)
    ctx.file("BUILD", """
filegroup(
    name = "node_modules",
    srcs = glob(["node_modules/**"]),
    visibility = ["//visibility:public"],
)
""")

npm_install = repository_rule(
    implementation = _npm_install_impl,
    attrs = {
        "package_json": attr.label(mandatory = True, allow_single_file = True),
        "package_lock_json": attr.label(mandatory = True, allow_single_file = True),
    },
)
