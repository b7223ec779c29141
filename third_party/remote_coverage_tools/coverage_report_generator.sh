#!/bin/sh
echo "coverage reports are not available in this offline set-up" >&2
exit 1
