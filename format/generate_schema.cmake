# Build step (cmake -P): from the annotation-free schema, writes
#  - SCHEMA_COPY: the schema plus the C++ namespace annotation (SCHEMA_NAMESPACE), for capnpc-c++;
#  - SCHEMA_TEXT_CPP, when given: a C++ file holding the schema's exact bytes, which every bundle
#    embeds, returned by the function SCHEMA_TEXT_FUNCTION (default schemaText).
file(READ ${SCHEMA_SOURCE} schema_text)
file(WRITE ${SCHEMA_COPY} "${schema_text}\nusing Cxx = import \"/capnp/c++.capnp\";\n$Cxx.namespace(\"${SCHEMA_NAMESPACE}\");\n")
if(NOT SCHEMA_TEXT_CPP)
  return()
endif()
if(NOT SCHEMA_TEXT_FUNCTION)
  set(SCHEMA_TEXT_FUNCTION schemaText)
endif()
file(READ ${SCHEMA_SOURCE} schema_hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," schema_bytes "${schema_hex}")
string(LENGTH "${schema_hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
file(WRITE ${SCHEMA_TEXT_CPP} "// Generated from ${SCHEMA_SOURCE} by format/generate_schema.cmake. Do not edit.
#include \"core/write/schema_text.h\"

namespace archive_news::internal {
namespace {
const unsigned char kSchemaBytes[${byte_count}] = {${schema_bytes}};
}  // namespace

std::span<const std::uint8_t> ${SCHEMA_TEXT_FUNCTION}() { return {kSchemaBytes, sizeof kSchemaBytes}; }
}  // namespace archive_news::internal
")
