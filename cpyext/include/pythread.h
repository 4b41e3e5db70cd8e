/* pythread.h: declared in pystate.h. */
#include "pystate.h"
