# Issue 6: the exported symbols, the reader-only build, and installation (headers, libraries, a
# CMake package and a pkg-config file). Included by the top-level CMakeLists.txt once the library
# targets exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# --- What the shared library exports ----------------------------------------------------------
# A full build exports the C and C++ APIs (libarchive_news/abi/archive_news.map). A reader-only
# build, for small devices: the writing side's files stay out, and the library exports the C API only, so
# that the linker can drop everything else no reader reaches (compression, dictionary training,
# signing, secret keys). c_api_writer.cpp then compiles its functions as stubs returning
# AN_ERR_UNSUPPORTED, keeping the C ABI the same.
option(ARCHIVE_NEWS_READER_ONLY
       "Build a library that only reads and verifies bundles (no writer, no tool)" OFF)
set(ARCHIVE_NEWS_WRITER_SOURCES
    ${PROJECT_SOURCE_DIR}/libarchive_news/core/write/writer.cpp
    ${PROJECT_SOURCE_DIR}/libarchive_news/core/write/add_signature.cpp
    ${PROJECT_SOURCE_DIR}/libarchive_news/toolkit/folder/article_folder.cpp
    ${PROJECT_SOURCE_DIR}/libarchive_news/toolkit/folder/article_json.cpp)
if(NOT ARCHIVE_NEWS_READER_ONLY)
  target_link_options(archive_news PRIVATE
    -Wl,--version-script=${PROJECT_SOURCE_DIR}/libarchive_news/abi/archive_news.map)
  set_property(TARGET archive_news APPEND PROPERTY LINK_DEPENDS
               ${PROJECT_SOURCE_DIR}/libarchive_news/abi/archive_news.map)
else()
  get_target_property(sources archive_news_objects SOURCES)
  list(REMOVE_ITEM sources ${ARCHIVE_NEWS_WRITER_SOURCES})
  set_target_properties(archive_news_objects PROPERTIES SOURCES "${sources}")
  target_compile_definitions(archive_news_objects PUBLIC ARCHIVE_NEWS_READER_ONLY)
  target_compile_options(archive_news_objects PRIVATE -ffunction-sections -fdata-sections)
  # --no-undefined: a reader-side file that still needs a left-out one fails here, not at load.
  target_link_options(archive_news PRIVATE
    -Wl,--gc-sections -Wl,--no-undefined
    -Wl,--version-script=${PROJECT_SOURCE_DIR}/libarchive_news/abi/reader_only.map)
  set_property(TARGET archive_news APPEND PROPERTY LINK_DEPENDS
               ${PROJECT_SOURCE_DIR}/libarchive_news/abi/reader_only.map)
endif()

# --- Installation -----------------------------------------------------------------------------
# The static library is the same objects; its dependencies are found by ArchiveNewsConfig.cmake
# only when a consumer asks for the `static` component.
add_library(archive_news_static STATIC $<TARGET_OBJECTS:archive_news_objects>)
add_library(archive_news::archive_news_static ALIAS archive_news_static)
set_target_properties(archive_news_static PROPERTIES OUTPUT_NAME archive_news)
target_include_directories(archive_news_static
  PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/libarchive_news/include>
         $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_link_libraries(archive_news_static
  PRIVATE CapnProto::capnp CapnProto::kj OpenSSL::Crypto PkgConfig::ZSTD PkgConfig::SODIUM
          PkgConfig::LIBARCHIVE)
target_include_directories(archive_news PUBLIC $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
set_target_properties(archive_news PROPERTIES EXPORT_NAME archive_news)
set_target_properties(archive_news_static PROPERTIES EXPORT_NAME archive_news_static)

install(TARGETS archive_news archive_news_static EXPORT ArchiveNewsTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/libarchive_news/include/archive_news
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${GEN_DIR}/archive_news/version.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/archive_news)

set(ARCHIVE_NEWS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ArchiveNews)
install(EXPORT ArchiveNewsTargets NAMESPACE archive_news:: DESTINATION ${ARCHIVE_NEWS_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ArchiveNewsConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ArchiveNewsConfig.cmake INSTALL_DESTINATION ${ARCHIVE_NEWS_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ArchiveNewsConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ArchiveNewsConfig.cmake
              ${PROJECT_BINARY_DIR}/ArchiveNewsConfigVersion.cmake
        DESTINATION ${ARCHIVE_NEWS_CMAKE_DIR})

# The .pc file finds its prefix from its own place, so `cmake --install --prefix DIR` works.
file(RELATIVE_PATH ARCHIVE_NEWS_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" ARCHIVE_NEWS_PC_TO_PREFIX "${ARCHIVE_NEWS_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/archive_news.pc.in
               ${PROJECT_BINARY_DIR}/archive_news.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/archive_news.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# --- Tests of the C API, the ABI and the installed package ------------------------------------
if(ARCHIVE_NEWS_BUILD_TESTS)
  enable_testing()
  add_subdirectory(${PROJECT_SOURCE_DIR}/tests/capi ${PROJECT_BINARY_DIR}/tests/capi)
endif()
