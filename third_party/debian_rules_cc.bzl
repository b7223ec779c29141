"""Makes Debian's bazel-rules-cc loadable by Debian's Bazel 4.2.3.

The packaged rules_cc (0.0.4) loads `use_cpp_toolchain` from
@bazel_tools//tools/cpp:toolchain_utils.bzl, which Bazel 4.2.3 does not have.
This rule copies the package and replaces that symbol with the list it would
return, the C++ toolchain type.
"""

_DEBIAN_RULES_CC = "/usr/share/bazel/rules/cc"

_PATCHED_FILES = [
    "cc/private/rules_impl/compiler_flag.bzl",
    "cc/private/rules_impl/cc_flags_supplier.bzl",
]

def _debian_rules_cc_impl(ctx):
    source = ctx.path(_DEBIAN_RULES_CC)
    if not source.exists:
        fail("%s is missing: install Debian's bazel-rules-cc (./bazelw does)" % _DEBIAN_RULES_CC)
    result = ctx.execute(["cp", "-R", str(source) + "/.", "."])
    if result.return_code != 0:
        fail("copying %s failed: %s" % (_DEBIAN_RULES_CC, result.stderr))

    for relative in _PATCHED_FILES:
        text = ctx.read(relative)
        text = text.replace(', "use_cpp_toolchain")', ")")
        text = text.replace("use_cpp_toolchain()", '["@bazel_tools//tools/cpp:toolchain_type"]')
        ctx.file(relative, text, executable = False)

debian_rules_cc = repository_rule(
    implementation = _debian_rules_cc_impl,
    local = True,
)
