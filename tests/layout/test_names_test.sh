# Every doctest case runs under ctest. doctest_discover_tests registers one ctest test a case, by
# name, and CMake cuts a name at ';' (its list separator): the halves are two tests that match no
# case, run nothing and pass. Ten cases went unrun that way, one of them failing. This refuses such
# names. Usage: bash test_names_test.sh UNIT_TESTS_BINARY
set -euo pipefail
names=$("$1" --list-test-cases --no-version | tail -n +3)
if [ "$(printf '%s\n' "$names" | wc -l)" -lt 100 ]; then
  echo "listed only $(printf '%s\n' "$names" | wc -l) test cases; expected the whole suite" >&2
  exit 1
fi
if bad=$(printf '%s\n' "$names" | grep -F ';'); then
  echo "test case names with ';', which ctest would never run:" >&2
  printf '  %s\n' "$bad" >&2
  exit 1
fi
echo "$(printf '%s\n' "$names" | wc -l) test case names, none with ';'"
