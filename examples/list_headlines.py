#!/usr/bin/env python3
"""Lists the headlines and bylines of a bundle and saves one image, through the C API with ctypes
alone (no package to install).

    list_headlines.py BUNDLE [IMAGE_OUT]

IMAGE_OUT receives the first image of the first article that has one. The library is found as
$ARCHIVE_NEWS_LIBRARY (a path to libarchive_news.so.N) or else by the system's linker search.
"""
import ctypes
import ctypes.util
import os
import sys

AN_OK = 0
AN_ERR_BUFFER_TOO_SMALL = 9
AN_FIELD_URI, AN_FIELD_HEADLINE, AN_FIELD_BYLINE_NAME = 0, 2, 30
AN_FIELD_IMAGE_FILE_NAME = 51
AN_LIST_BYLINES, AN_LIST_IMAGES = 2, 4
AN_CONTENT_IMAGE = 0


def load_library():
    path = os.environ.get("ARCHIVE_NEWS_LIBRARY") or ctypes.util.find_library("archive_news")
    if not path:
        sys.exit("list_headlines: libarchive_news not found; set ARCHIVE_NEWS_LIBRARY")
    lib = ctypes.CDLL(path)
    handle = ctypes.c_void_p
    size_p = ctypes.POINTER(ctypes.c_size_t)
    # Getters return pointers into the handle's memory: c_void_p keeps them raw so the exact
    # length, not a NUL, decides where the text ends.
    signatures = {
        "an_last_error": (ctypes.c_char_p, []),
        "an_status_name": (ctypes.c_char_p, [ctypes.c_int]),
        "an_version": (ctypes.c_char_p, []),
        "an_open": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_void_p, ctypes.POINTER(handle)]),
        "an_bundle_close": (None, [handle]),
        "an_article_count": (ctypes.c_size_t, [handle]),
        "an_article_get": (ctypes.c_int, [handle, ctypes.c_size_t, ctypes.POINTER(handle)]),
        "an_article_free": (None, [handle]),
        "an_article_text": (ctypes.c_void_p, [handle, ctypes.c_int, ctypes.c_size_t, size_p]),
        "an_article_list_size": (ctypes.c_size_t, [handle, ctypes.c_int]),
        "an_article_read": (ctypes.c_int, [handle, ctypes.c_int, ctypes.c_size_t,
                                           ctypes.c_void_p, ctypes.c_size_t, size_p]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


class ArchiveNewsError(Exception):
    pass


def check(lib, status, what):
    if status != AN_OK:
        raise ArchiveNewsError("%s: %s: %s" % (what, lib.an_status_name(status).decode(),
                                                lib.an_last_error().decode()))


def text(lib, article, field, index=0):
    """The field's text as a str, or None when the article does not have it."""
    length = ctypes.c_size_t()
    pointer = lib.an_article_text(article, field, index, ctypes.byref(length))
    if pointer is None:
        return None
    return ctypes.string_at(pointer, length.value).decode("utf-8")


def read_image(lib, article, index):
    size = ctypes.c_size_t()
    status = lib.an_article_read(article, AN_CONTENT_IMAGE, index, None, 0, ctypes.byref(size))
    if status != AN_ERR_BUFFER_TOO_SMALL:  # a call without a buffer asks for the size
        check(lib, status, "image size")
    buffer = ctypes.create_string_buffer(size.value)
    check(lib, lib.an_article_read(article, AN_CONTENT_IMAGE, index, buffer, size.value,
                                   ctypes.byref(size)), "read image")
    return buffer.raw[:size.value]


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: list_headlines.py BUNDLE [IMAGE_OUT]\n")
        return 2
    lib = load_library()
    bundle = ctypes.c_void_p()
    try:
        check(lib, lib.an_open(argv[1].encode(), None, ctypes.byref(bundle)), "open")
    except ArchiveNewsError as e:
        sys.stderr.write("list_headlines: %s\n" % e)
        return 1
    saved = len(argv) < 3
    try:
        for i in range(lib.an_article_count(bundle)):
            article = ctypes.c_void_p()
            check(lib, lib.an_article_get(bundle, i, ctypes.byref(article)), "article %d" % i)
            try:
                print("article: %s" % text(lib, article, AN_FIELD_URI))
                print("headline: %s" % text(lib, article, AN_FIELD_HEADLINE))
                for b in range(lib.an_article_list_size(article, AN_LIST_BYLINES)):
                    print("byline: %s" % text(lib, article, AN_FIELD_BYLINE_NAME, b))
                if not saved and lib.an_article_list_size(article, AN_LIST_IMAGES) > 0:
                    data = read_image(lib, article, 0)
                    with open(argv[2], "wb") as out:
                        out.write(data)
                    print("saved image %s (%d bytes) to %s" % (
                        text(lib, article, AN_FIELD_IMAGE_FILE_NAME, 0), len(data), argv[2]))
                    saved = True
            finally:
                lib.an_article_free(article)
    except ArchiveNewsError as e:
        sys.stderr.write("list_headlines: %s\n" % e)
        return 1
    finally:
        lib.an_bundle_close(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
