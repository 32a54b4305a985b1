# Installation (headers, libraries, a CMake package and pkg-config files) and the tests of the C
# API and the package. Included by the top-level CMakeLists.txt once the library targets exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# --- Installation -----------------------------------------------------------------------------
# Static archives: libarchive_news.a holds every object of both libraries; its dependencies are
# found by ArchiveNewsConfig.cmake only when a consumer asks for the `static` component.
# libarchive_news_core.a holds the core alone, for `pkg-config --static archive_news_core` (and
# for archive_news.pc, which requires the core: after libarchive_news.a, which holds them too,
# its members are never pulled in).
function(archive_news_static_archive target output)
  add_library(${target} STATIC ${ARGN})
  add_library(archive_news::${target} ALIAS ${target})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${output} EXPORT_NAME ${target})
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/libarchive_news/include>
           $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${target} PRIVATE ${ARCHIVE_NEWS_CORE_DEPENDENCIES})
endfunction()
archive_news_static_archive(archive_news_static archive_news ${ARCHIVE_NEWS_ALL_OBJECTS})
set(ARCHIVE_NEWS_INSTALLED_LIBRARIES archive_news archive_news_static)
if(NOT ARCHIVE_NEWS_READER_ONLY)
  target_link_libraries(archive_news_static PRIVATE PkgConfig::LIBARCHIVE PkgConfig::CURL
                                                    PkgConfig::XAPIAN PkgConfig::ICU)
  archive_news_static_archive(archive_news_core_static archive_news_core
                              $<TARGET_OBJECTS:archive_news_util_objects>
                              $<TARGET_OBJECTS:archive_news_core_objects>)
  list(APPEND ARCHIVE_NEWS_INSTALLED_LIBRARIES archive_news_core archive_news_core_static)
endif()

install(TARGETS ${ARCHIVE_NEWS_INSTALLED_LIBRARIES} EXPORT ArchiveNewsTargets
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

# The .pc files find their prefix from their own place, so `cmake --install --prefix DIR` works.
# archive_news_core.pc: the format core alone; archive_news.pc: the toolkit and C API (and the
# core they need).
file(RELATIVE_PATH ARCHIVE_NEWS_PC_TO_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" ARCHIVE_NEWS_PC_TO_PREFIX "${ARCHIVE_NEWS_PC_TO_PREFIX}")
set(ARCHIVE_NEWS_PC_FILES archive_news)
if(ARCHIVE_NEWS_READER_ONLY)
  set(ARCHIVE_NEWS_PC_REQUIRES "")
  set(ARCHIVE_NEWS_PC_REQUIRES_PRIVATE "capnp kj libzstd libsodium libcrypto")
else()
  list(APPEND ARCHIVE_NEWS_PC_FILES archive_news_core)
  set(ARCHIVE_NEWS_PC_REQUIRES archive_news_core)
  set(ARCHIVE_NEWS_PC_REQUIRES_PRIVATE "libarchive libcurl xapian-core icu-uc")
endif()
foreach(pc ${ARCHIVE_NEWS_PC_FILES})
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

# --- Tests of the C API, the ABI and the installed package ------------------------------------
if(ARCHIVE_NEWS_BUILD_TESTS)
  enable_testing()
  add_subdirectory(${PROJECT_SOURCE_DIR}/tests/capi ${PROJECT_BINARY_DIR}/tests/capi)
endif()
