/*  vp.h - the common library of vanphong (libvp). */
#ifndef VP_H_INCLUDED
#define VP_H_INCLUDED

#include "vp_err.h"
#include "vp_val.h"
#include "vp_codec.h"
#include "vp_proto.h"
#include "vp_envelope.h"
#include "vp_id.h"
#include "vp_clock.h"
#include "vp_secrecy.h"
#include "vp_vocab.h"
#include "vp_log.h"
#include "vp_config.h"
#include "vp_db.h"
#include "vp_keys.h"
#include "vp_outbox.h"
#include "vp_consumer.h"
#include "vp_cmd.h"
#include "vp_time.h"
#include "vp_args.h"
#include "vp_staff.h"
#include "vp_service.h"
#include "vp_text.h"
#include "vp_hash.h"

#endif
