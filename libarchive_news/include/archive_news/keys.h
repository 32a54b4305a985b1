// Every key of the library: public keys (public_key.h), for readers and verifiers, and secret
// keys (secret_key.h), for signers.
#ifndef ARCHIVE_NEWS_KEYS_H_
#define ARCHIVE_NEWS_KEYS_H_

#include <archive_news/public_key.h>
#include <archive_news/secret_key.h>

#endif  // ARCHIVE_NEWS_KEYS_H_
