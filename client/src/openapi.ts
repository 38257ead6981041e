// Generated from the service's OpenAPI document by client/scripts/generate.ts (npm run client:generate): do not edit.
/* eslint-disable */
export interface paths {
    "/admin/blocklist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The blocklist: built-in rules and those operators added */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rules: {
                                actor: string | null;
                                builtIn: boolean;
                                createdAt: string | null;
                                field: "email" | "phoneNumber";
                                id: string;
                                match: "exact" | "pattern";
                                /** @description An exact value in its normalised form, or an RE2 regular expression (no backreferences or lookaround) tested against normalised values in linear time. */
                                value: string;
                            }[];
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Block an exact value or a pattern: it is treated as not given and never stored
         * @description Every instance applies it within BLOCKLIST_REFRESH_MS. Patterns are RE2 syntax, matched in time linear in the value whatever they are; one that does not compile, or compiles too big, is refused (400 INVALID_PATTERN); past BLOCKLIST_PATTERN_LIMIT pattern rules, 409 PATTERN_LIMIT.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "field": "phoneNumber",
                     *       "match": "exact",
                     *       "value": "+1 800 555 0199"
                     *     }
                     */
                    "application/json": {
                        field: "email" | "phoneNumber";
                        match: "exact" | "pattern";
                        value: string;
                    };
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @example {
                             *       "id": "builtin-keyboard-run-phone",
                             *       "field": "phoneNumber",
                             *       "match": "pattern",
                             *       "value": "^\\+?(1234567890|0123456789)$",
                             *       "builtIn": true,
                             *       "createdAt": null,
                             *       "actor": null
                             *     }
                             */
                            rule: {
                                actor: string | null;
                                builtIn: boolean;
                                createdAt: string | null;
                                field: "email" | "phoneNumber";
                                id: string;
                                match: "exact" | "pattern";
                                /** @description An exact value in its normalised form, or an RE2 regular expression (no backreferences or lookaround) tested against normalised values in linear time. */
                                value: string;
                            };
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/blocklist/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a rule an operator added */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a rule id, e.g. rule-… */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/erase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Erase the person behind a contact id, an email or a phone: the whole identity that holds it
         * @description Every email and phone of the identity leaves every collection (contacts, the events' causes and joins, locks, holds); the contacts stay as ids with deletedAt set (GET /contacts/:id answers 410 CONTACT_ERASED), and an identity.erased event (ids only) tells feed consumers to erase too. With `dryRun=true`, answers what it would erase and writes nothing. Without ERASURE_SECRET, suppression is unavailable (409 SUPPRESSION_UNAVAILABLE): send `"suppress": false` to erase without it.
         */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "contactId": 1
                     *     }
                     */
                    "application/json": {
                        /** @description any contact of the identity */
                        contactId: number;
                        /** @description Keep a keyed hash of each erased email and phone, so that later requests naming one ignore it (default true; needs ERASURE_SECRET). */
                        suppress?: boolean;
                    } | {
                        email: string;
                        /** @description Keep a keyed hash of each erased email and phone, so that later requests naming one ignore it (default true; needs ERASURE_SECRET). */
                        suppress?: boolean;
                    } | {
                        phoneNumber: string;
                        /** @description Keep a keyed hash of each erased email and phone, so that later requests naming one ignore it (default true; needs ERASURE_SECRET). */
                        suppress?: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "dryRun": true,
                         *       "identity": {
                         *         "primaryContactId": 1,
                         *         "emails": [
                         *           "lorraine@hillvalley.edu",
                         *           "mcfly@hillvalley.edu"
                         *         ],
                         *         "phoneNumbers": [
                         *           "123456"
                         *         ],
                         *         "secondaryContactIds": [
                         *           2
                         *         ]
                         *       },
                         *       "contactIds": [
                         *         1,
                         *         2
                         *       ],
                         *       "eventIds": [
                         *         1,
                         *         2
                         *       ],
                         *       "holdIds": [],
                         *       "suppressed": true,
                         *       "eventId": null
                         *     }
                         */
                        "application/json": {
                            /** @description Contacts that stay as ids, emptied, with deletedAt set: GET /contacts/:id answers 410. */
                            contactIds: number[];
                            dryRun: boolean;
                            /** @description The identity.erased event; null in a dry run. */
                            eventId: number | null;
                            /** @description Events whose causes or joins name the identifiers: rewritten without them. */
                            eventIds: number[];
                            /** @description Held merges (any status) that name the identifiers or the identity; a pending one can only be rejected afterwards. */
                            holdIds: number[];
                            /** @description The identity erased (or that would be): every email and phone in it goes. */
                            identity: {
                                /** @description Distinct; the primary's first, then by contact age. */
                                emails: string[];
                                /** @description Distinct; the primary's first, then by contact age. */
                                phoneNumbers: string[];
                                primaryContactId: number;
                                /** @description Ascending. */
                                secondaryContactIds: number[];
                            };
                            suppressed: boolean;
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Gone */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/erase/lift": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift the suppression of an erased email or phone: requests may store it again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "email": "lorraine@hillvalley.edu"
                     *     }
                     */
                    "application/json": {
                        email: string;
                    } | {
                        phoneNumber: string;
                    };
                };
            };
            responses: {
                /** @description No Content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Gone */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Merges held by a guardrail, oldest first, a page at a time
         * @description Page with `after` = the `next` of the previous page. One pending hold per hub identity gathers its held requests (`count`, and the latest evidence in `join`).
         */
        get: {
            parameters: {
                query?: {
                    /**
                     * @description Answer events with a larger id: the `next` of the previous page (default 0).
                     * @example 0
                     */
                    after?: string;
                    /**
                     * @description At most this many events, 1 to 1000 (default 100).
                     * @example 100
                     */
                    limit?: string;
                    status?: "pending" | "approved" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            holds: {
                                /** @description Held requests gathered: the first opened it, each later one for the same hub replaced `join` and `primaryIds` with its own. */
                                count: number;
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                decidedBy: string | null;
                                /** @description The identity (primary id) whose held requests this hold gathers while pending: the one they are answered with (holding their email, else their phone). */
                                hub: number;
                                /** @description Its id, named by the merge.held event that opened it. */
                                id: number;
                                /** @description The latest held request's email and phone: what approving joins. */
                                join: {
                                    email: string | null;
                                    phoneNumber: string | null;
                                };
                                /** Format: date-time */
                                lastHeldAt: string;
                                primaryIds: number[];
                                reason: "identity-size" | "generic-identifier";
                                requestId: string | null;
                                status: "pending" | "approved" | "rejected";
                            }[];
                            /** @description The `after` of the next page; null at the end. */
                            next: number | null;
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/holds/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a held merge: exactly what it names is merged now, as rule 3 says
         * @description Refused (409 HOLD_STALE, the message says what changed) when its identities were split, erased or merged elsewhere since, or one of its identifiers is now blocked; 409 HOLD_DECIDED when it was approved or rejected already (approve and reject of one hold: exactly one wins). With `dryRun=true`, answers what approving would do and writes nothing.
         */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                };
                header?: never;
                path: {
                    /**
                     * @description a positive integer
                     * @example 12
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dryRun: boolean;
                            /**
                             * @example {
                             *       "id": 12,
                             *       "status": "pending",
                             *       "reason": "identity-size",
                             *       "join": {
                             *         "email": "caller@x.io",
                             *         "phoneNumber": "+14155550100"
                             *       },
                             *       "primaryIds": [
                             *         1,
                             *         7
                             *       ],
                             *       "hub": 1,
                             *       "count": 3,
                             *       "requestId": "f3a…",
                             *       "createdAt": "2026-11-30T10:00:00.000Z",
                             *       "lastHeldAt": "2026-11-30T10:05:00.000Z",
                             *       "decidedAt": null,
                             *       "decidedBy": null
                             *     }
                             */
                            hold: {
                                /** @description Held requests gathered: the first opened it, each later one for the same hub replaced `join` and `primaryIds` with its own. */
                                count: number;
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                decidedBy: string | null;
                                /** @description The identity (primary id) whose held requests this hold gathers while pending: the one they are answered with (holding their email, else their phone). */
                                hub: number;
                                /** @description Its id, named by the merge.held event that opened it. */
                                id: number;
                                /** @description The latest held request's email and phone: what approving joins. */
                                join: {
                                    email: string | null;
                                    phoneNumber: string | null;
                                };
                                /** Format: date-time */
                                lastHeldAt: string;
                                primaryIds: number[];
                                reason: "identity-size" | "generic-identifier";
                                requestId: string | null;
                                status: "pending" | "approved" | "rejected";
                            };
                            /** @description The identity the approval made; in a dry run, the one it would make (a contact it would create is in the emails and phones, not yet in the ids). */
                            identity: {
                                /** @description Distinct; the primary's first, then by contact age. */
                                emails: string[];
                                /** @description Distinct; the primary's first, then by contact age. */
                                phoneNumbers: string[];
                                primaryContactId: number;
                                /** @description Ascending. */
                                secondaryContactIds: number[];
                            };
                            /** @description A dry run: what approving would write; null when it was done. */
                            preview: {
                                create: {
                                    email: string | null;
                                    linkedId: number | null;
                                    phoneNumber: string | null;
                                } | null;
                                /** @description Primaries it would make secondaries. */
                                demote: number[];
                                outcome: string;
                                /** @description Secondaries it would re-point. */
                                relink: number[];
                            } | null;
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/holds/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a held merge: the identities stay apart, and the same evidence is not held again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description a positive integer
                     * @example 12
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @example {
                             *       "id": 12,
                             *       "status": "pending",
                             *       "reason": "identity-size",
                             *       "join": {
                             *         "email": "caller@x.io",
                             *         "phoneNumber": "+14155550100"
                             *       },
                             *       "primaryIds": [
                             *         1,
                             *         7
                             *       ],
                             *       "hub": 1,
                             *       "count": 3,
                             *       "requestId": "f3a…",
                             *       "createdAt": "2026-11-30T10:00:00.000Z",
                             *       "lastHeldAt": "2026-11-30T10:05:00.000Z",
                             *       "decidedAt": null,
                             *       "decidedBy": null
                             *     }
                             */
                            hold: {
                                /** @description Held requests gathered: the first opened it, each later one for the same hub replaced `join` and `primaryIds` with its own. */
                                count: number;
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                decidedBy: string | null;
                                /** @description The identity (primary id) whose held requests this hold gathers while pending: the one they are answered with (holding their email, else their phone). */
                                hub: number;
                                /** @description Its id, named by the merge.held event that opened it. */
                                id: number;
                                /** @description The latest held request's email and phone: what approving joins. */
                                join: {
                                    email: string | null;
                                    phoneNumber: string | null;
                                };
                                /** Format: date-time */
                                lastHeldAt: string;
                                primaryIds: number[];
                                reason: "identity-size" | "generic-identifier";
                                requestId: string | null;
                                status: "pending" | "approved" | "rejected";
                            };
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/undo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Undo one merge, or every link through a blocked identifier: identities recomputed from the evidence left
         * @description Each connected component of the evidence left becomes an identity whose oldest contact is primary; nothing is deleted. With `dryRun=true`, answers what it would do and writes nothing. When other evidence still joins them, nothing splits and `stillJoinedBy` names it. Undone evidence stays undone; a later request that joins them again is new evidence (block the identifier when such requests keep coming).
         */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "eventId": 7
                     *     }
                     */
                    "application/json": {
                        /** @description a merge event: identities.merged, merge.approved or links.backfilled */
                        eventId: number;
                    } | {
                        /** @description a blocked email: every link through it */
                        email: string;
                    } | {
                        /** @description a blocked phone: every link through it */
                        phoneNumber: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "dryRun": true,
                         *       "undone": {
                         *         "kind": "merge",
                         *         "eventId": 7
                         *       },
                         *       "before": [
                         *         {
                         *           "primaryContactId": 1,
                         *           "emails": [
                         *             "george@hillvalley.edu",
                         *             "biffsucks@hillvalley.edu"
                         *           ],
                         *           "phoneNumbers": [
                         *             "919191",
                         *             "717171"
                         *           ],
                         *           "secondaryContactIds": [
                         *             2
                         *           ]
                         *         }
                         *       ],
                         *       "after": [
                         *         {
                         *           "primaryContactId": 1,
                         *           "emails": [
                         *             "george@hillvalley.edu"
                         *           ],
                         *           "phoneNumbers": [
                         *             "919191"
                         *           ],
                         *           "secondaryContactIds": []
                         *         },
                         *         {
                         *           "primaryContactId": 2,
                         *           "emails": [
                         *             "biffsucks@hillvalley.edu"
                         *           ],
                         *           "phoneNumbers": [
                         *             "717171"
                         *           ],
                         *           "secondaryContactIds": []
                         *         }
                         *       ],
                         *       "split": true,
                         *       "stillJoinedBy": null,
                         *       "eventId": null
                         *     }
                         */
                        "application/json": {
                            /** @description The identities the evidence left makes. */
                            after: {
                                /** @description Distinct; the primary's first, then by contact age. */
                                emails: string[];
                                /** @description Distinct; the primary's first, then by contact age. */
                                phoneNumbers: string[];
                                primaryContactId: number;
                                /** @description Ascending. */
                                secondaryContactIds: number[];
                            }[];
                            /** @description The identities that held the evidence. */
                            before: {
                                /** @description Distinct; the primary's first, then by contact age. */
                                emails: string[];
                                /** @description Distinct; the primary's first, then by contact age. */
                                phoneNumbers: string[];
                                primaryContactId: number;
                                /** @description Ascending. */
                                secondaryContactIds: number[];
                            }[];
                            dryRun: boolean;
                            /** @description The identity.split or link.undone event; null in a dry run. */
                            eventId: number | null;
                            split: boolean;
                            stillJoinedBy: {
                                from: number;
                                to: number;
                                via: {
                                    kind: "email" | "phoneNumber";
                                    /** @description The email or phone both carry. */
                                    value: string;
                                } | {
                                    /** Format: date-time */
                                    at: string;
                                    email: string | null;
                                    /** @description The event of the request that joined them. */
                                    eventId: number;
                                    /** @enum {string} */
                                    kind: "request";
                                    phoneNumber: string | null;
                                    requestId: string | null;
                                } | {
                                    /** Format: date-time */
                                    at: string;
                                    /** @description The links.backfilled event: the joining request was never recorded. */
                                    eventId: number;
                                    /** @enum {string} */
                                    kind: "backfilled";
                                };
                            }[] | null;
                            undone: {
                                eventId?: number;
                                field?: "email" | "phoneNumber";
                                kind: "merge" | "identifier";
                                value?: string;
                            };
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in: the name and scopes of this key */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "name": "jennifer",
                         *       "scopes": [
                         *         "admin"
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description The key's name: the actor of the events its requests write. */
                            name: string;
                            scopes: ("identify" | "read" | "feed" | "admin")[];
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The identity of the cluster that a contact belongs to
         * @description A contact whose identity was erased answers 410 CONTACT_ERASED: its id still resolves, to nothing but that fact.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description a positive integer
                     * @example 1
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "primaryContactId": 1,
                         *       "emails": [
                         *         "lorraine@hillvalley.edu",
                         *         "mcfly@hillvalley.edu"
                         *       ],
                         *       "phoneNumbers": [
                         *         "123456"
                         *       ],
                         *       "secondaryContactIds": [
                         *         2
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Distinct; the primary's first, then by contact age. */
                            emails: string[];
                            /** @description Distinct; the primary's first, then by contact age. */
                            phoneNumbers: string[];
                            primaryContactId: number;
                            /** @description Ascending. */
                            secondaryContactIds: number[];
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "FST_ERR_VALIDATION",
                         *       "error": "Bad Request",
                         *       "message": "params.id must be a positive integer"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Gone */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/{id}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact's identity as a graph: its contacts, and each piece of evidence with the contacts it links */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description a positive integer
                     * @example 1
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "primaryContactId": 1,
                         *       "contacts": [
                         *         {
                         *           "id": 1,
                         *           "email": "lorraine@hillvalley.edu",
                         *           "phoneNumber": "123456",
                         *           "linkedId": null,
                         *           "linkPrecedence": "primary",
                         *           "createdAt": "2026-11-30T10:00:00.000Z"
                         *         },
                         *         {
                         *           "id": 2,
                         *           "email": "mcfly@hillvalley.edu",
                         *           "phoneNumber": "123456",
                         *           "linkedId": 1,
                         *           "linkPrecedence": "secondary",
                         *           "createdAt": "2026-11-30T10:00:01.000Z"
                         *         }
                         *       ],
                         *       "links": [
                         *         {
                         *           "via": {
                         *             "kind": "phoneNumber",
                         *             "value": "123456"
                         *           },
                         *           "contactIds": [
                         *             1,
                         *             2
                         *           ]
                         *         }
                         *       ],
                         *       "contactCount": 2,
                         *       "truncated": false
                         *     }
                         */
                        "application/json": {
                            /** @description How many contacts the identity has. */
                            contactCount: number;
                            contacts: {
                                /** Format: date-time */
                                createdAt: string;
                                email: string | null;
                                id: number;
                                linkedId: number | null;
                                linkPrecedence: string;
                                phoneNumber: string | null;
                            }[];
                            links: {
                                contactIds: number[];
                                via: {
                                    kind: "email" | "phoneNumber";
                                    /** @description The email or phone both carry. */
                                    value: string;
                                } | {
                                    /** Format: date-time */
                                    at: string;
                                    email: string | null;
                                    /** @description The event of the request that joined them. */
                                    eventId: number;
                                    /** @enum {string} */
                                    kind: "request";
                                    phoneNumber: string | null;
                                    requestId: string | null;
                                } | {
                                    /** Format: date-time */
                                    at: string;
                                    /** @description The links.backfilled event: the joining request was never recorded. */
                                    eventId: number;
                                    /** @enum {string} */
                                    kind: "backfilled";
                                };
                            }[];
                            primaryContactId: number;
                            /** @description True for an identity past IDENTITY_SIZE_LIMIT: only its oldest contacts (as many as the limit) and their first events are shown. */
                            truncated: boolean;
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Gone */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/{id}/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shortest chain of evidence that makes two contacts one identity */
        get: {
            parameters: {
                query: {
                    /**
                     * @description a positive integer: the other contact
                     * @example 2
                     */
                    with: string;
                };
                header?: never;
                path: {
                    /**
                     * @description a positive integer
                     * @example 1
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "from": 1,
                         *       "to": 2,
                         *       "steps": [
                         *         {
                         *           "from": 1,
                         *           "to": 2,
                         *           "via": {
                         *             "kind": "request",
                         *             "eventId": 3,
                         *             "requestId": "b3c9…",
                         *             "at": "2026-11-30T10:00:00.000Z",
                         *             "email": "george@hillvalley.edu",
                         *             "phoneNumber": "717171"
                         *           }
                         *         }
                         *       ],
                         *       "complete": true
                         *     }
                         */
                        "application/json": {
                            /** @description False for an identity past the size limit whose events were not all read: the chain is true, but may not be the shortest. */
                            complete: boolean;
                            from: number;
                            steps: {
                                from: number;
                                to: number;
                                via: {
                                    kind: "email" | "phoneNumber";
                                    /** @description The email or phone both carry. */
                                    value: string;
                                } | {
                                    /** Format: date-time */
                                    at: string;
                                    email: string | null;
                                    /** @description The event of the request that joined them. */
                                    eventId: number;
                                    /** @enum {string} */
                                    kind: "request";
                                    phoneNumber: string | null;
                                    requestId: string | null;
                                } | {
                                    /** Format: date-time */
                                    at: string;
                                    /** @description The links.backfilled event: the joining request was never recorded. */
                                    eventId: number;
                                    /** @enum {string} */
                                    kind: "backfilled";
                                };
                            }[];
                            to: number;
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Gone */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The events of a contact's identity, those of identities merged into it included, oldest first */
        get: {
            parameters: {
                query?: {
                    /**
                     * @description Answer events with a larger id: the `next` of the previous page (default 0).
                     * @example 0
                     */
                    after?: string;
                    /**
                     * @description At most this many events, 1 to 1000 (default 100).
                     * @example 100
                     */
                    limit?: string;
                };
                header?: never;
                path: {
                    /**
                     * @description a positive integer
                     * @example 1
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "events": [],
                         *       "next": null
                         *     }
                         */
                        "application/json": {
                            events: (components["schemas"]["ContactCreatedEvent"] | components["schemas"]["IdentitiesMergedEvent"] | components["schemas"]["MergeApprovedEvent"] | components["schemas"]["LinksBackfilledEvent"] | components["schemas"]["MergeHeldEvent"] | components["schemas"]["MergeRejectedEvent"] | components["schemas"]["IdentitySplitEvent"] | components["schemas"]["LinkUndoneEvent"] | components["schemas"]["IdentifierBlockedEvent"] | components["schemas"]["IdentifierUnblockedEvent"] | components["schemas"]["IdentityErasedEvent"])[];
                            /** @description The `after` of the next page; null when this page was not full. */
                            next: number | null;
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Not Found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 404,
                         *       "code": "CONTACT_NOT_FOUND",
                         *       "error": "Not Found",
                         *       "message": "no contact with id 42"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Gone */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every change to the identities, in id order: a feed for other services
         * @description Continue with `after` = the `next` of the previous answer, whatever it held. `after=latest` starts from now; `wait` (seconds) answers as soon as an event arrives; `types` keeps only some types. A consumer that pages from 0 while writes go on sees every event once, in id order. Consumers must ignore event types they do not know, and apply each event once (by its id).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Answer events with a larger id: the `next` of the previous answer (default 0, the first event). `latest`: only events after the newest one now. */
                    after?: string;
                    /**
                     * @description At most this many events, 1 to 1000 (default 100).
                     * @example 100
                     */
                    limit?: string;
                    /**
                     * @description Only events of these types, comma-separated.
                     * @example contact.created,identities.merged
                     */
                    types?: string;
                    /**
                     * @description Long poll: when no event is there yet, wait up to this many seconds (0 to 30, default 0) and answer as soon as one is.
                     * @example 30
                     */
                    wait?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "events": [],
                         *       "next": 7
                         *     }
                         */
                        "application/json": {
                            events: (components["schemas"]["ContactCreatedEvent"] | components["schemas"]["IdentitiesMergedEvent"] | components["schemas"]["MergeApprovedEvent"] | components["schemas"]["LinksBackfilledEvent"] | components["schemas"]["MergeHeldEvent"] | components["schemas"]["MergeRejectedEvent"] | components["schemas"]["IdentitySplitEvent"] | components["schemas"]["LinkUndoneEvent"] | components["schemas"]["IdentifierBlockedEvent"] | components["schemas"]["IdentifierUnblockedEvent"] | components["schemas"]["IdentityErasedEvent"])[];
                            /** @description The cursor to continue from: pass it as `after` next time, whatever this page held (also when it is empty or partial). */
                            next: number;
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "ok"
                         *     }
                         */
                        "application/json": {
                            status: string;
                            transactions?: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers a ping */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "ok"
                         *     }
                         */
                        "application/json": {
                            status: string;
                            transactions?: boolean;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "status": "database unavailable"
                         *     }
                         */
                        "application/json": {
                            status: string;
                            transactions?: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Link an email and/or phone number into one identity and return it
         * @description With `dryRun=true`, answers what the call would do now (outcome, contacts it would create, demote or re-point, the identity) and writes nothing.
         */
        post: {
            parameters: {
                query?: {
                    dryRun?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description At least one of email and phoneNumber must be given. */
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "email": "mcfly@hillvalley.edu",
                     *       "phoneNumber": "123456"
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description Trimmed and lower-cased. null, absent, "" and blank all mean "not given".
                         * @example mcfly@hillvalley.edu
                         */
                        email?: string | null;
                        /**
                         * @description Digits with an optional leading "+"; spaces, hyphens, dots and parentheses are ignored. Valid numbers are stored in E.164 form. A non-negative integer is accepted too.
                         * @example 123456
                         */
                        phoneNumber?: number | string | null;
                    } | {
                        email: string;
                    } | {
                        phoneNumber: number | string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "primaryContactId": 1,
                         *       "emails": [
                         *         "lorraine@hillvalley.edu",
                         *         "mcfly@hillvalley.edu"
                         *       ],
                         *       "phoneNumbers": [
                         *         "123456"
                         *       ],
                         *       "secondaryContactIds": [
                         *         2
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Distinct; the primary's first, then by contact age. */
                            emails: string[];
                            /** @description A merge this call asked for is held for an operator (status 202); the identity is the one holding the email, else the phone. */
                            held?: {
                                holdId: number;
                                reason: "identity-size" | "generic-identifier";
                                status: "pending" | "rejected";
                            };
                            /** @description Identifiers treated as not given: blocked (and the rule that blocked each), or erased (suppressed until an admin lifts it). */
                            ignored?: ({
                                field: "email" | "phoneNumber";
                                /** @enum {string} */
                                reason: "blocked";
                                ruleId: string;
                                value: string;
                            } | {
                                field: "email" | "phoneNumber";
                                /** @enum {string} */
                                reason: "erased";
                                value: string;
                            })[];
                            /** @description Distinct; the primary's first, then by contact age. */
                            phoneNumbers: string[];
                            primaryContactId: number;
                            /** @description Ascending. */
                            secondaryContactIds: number[];
                        } | {
                            /** @description The contact it would create; its id is allocated only when it is written. */
                            create: {
                                email: string | null;
                                linkedId: number | null;
                                phoneNumber: string | null;
                            } | null;
                            /** @description Primaries it would make secondaries. */
                            demote: number[];
                            /** @enum {boolean} */
                            dryRun: true;
                            /** @description The identity it would answer (primaryContactId 0: a new contact would be the primary). */
                            identity: {
                                /** @description Distinct; the primary's first, then by contact age. */
                                emails: string[];
                                /** @description Distinct; the primary's first, then by contact age. */
                                phoneNumbers: string[];
                                primaryContactId: number;
                                /** @description Ascending. */
                                secondaryContactIds: number[];
                            };
                            /** @enum {string} */
                            outcome: "unchanged" | "created-primary" | "created-secondary" | "merged" | "repaired";
                            /** @description Secondaries it would re-point to the surviving primary. */
                            relink: number[];
                        };
                    };
                };
                /** @description Accepted */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "primaryContactId": 1,
                         *       "emails": [
                         *         "lorraine@hillvalley.edu",
                         *         "mcfly@hillvalley.edu"
                         *       ],
                         *       "phoneNumbers": [
                         *         "123456"
                         *       ],
                         *       "secondaryContactIds": [
                         *         2
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Distinct; the primary's first, then by contact age. */
                            emails: string[];
                            /** @description A merge this call asked for is held for an operator (status 202); the identity is the one holding the email, else the phone. */
                            held?: {
                                holdId: number;
                                reason: "identity-size" | "generic-identifier";
                                status: "pending" | "rejected";
                            };
                            /** @description Identifiers treated as not given: blocked (and the rule that blocked each), or erased (suppressed until an admin lifts it). */
                            ignored?: ({
                                field: "email" | "phoneNumber";
                                /** @enum {string} */
                                reason: "blocked";
                                ruleId: string;
                                value: string;
                            } | {
                                field: "email" | "phoneNumber";
                                /** @enum {string} */
                                reason: "erased";
                                value: string;
                            })[];
                            /** @description Distinct; the primary's first, then by contact age. */
                            phoneNumbers: string[];
                            primaryContactId: number;
                            /** @description Ascending. */
                            secondaryContactIds: number[];
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Payload Too Large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 413,
                         *       "code": "FST_ERR_CTP_BODY_TOO_LARGE",
                         *       "error": "Payload Too Large",
                         *       "message": "Request body is too large"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unsupported Media Type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 415,
                         *       "code": "FST_ERR_CTP_INVALID_MEDIA_TYPE",
                         *       "error": "Unsupported Media Type",
                         *       "message": "Unsupported Media Type: text/plain"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unprocessable Entity */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The identities (0, 1 or 2) that hold an email or a phone number; writes nothing
         * @description Same normalisation and 400s as POST /identify. Two identities when the email is in one and the phone in another (a call to /identify would merge them).
         */
        get: {
            parameters: {
                query?: {
                    /**
                     * @description Trimmed and lower-cased. null, absent, "" and blank all mean "not given".
                     * @example mcfly@hillvalley.edu
                     */
                    email?: string | unknown;
                    /**
                     * @description Digits with an optional leading "+"; spaces, hyphens, dots and parentheses are ignored. Valid numbers are stored in E.164 form. A non-negative integer is accepted too.
                     * @example 123456
                     */
                    phoneNumber?: string | unknown | unknown;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "identities": [
                         *         {
                         *           "primaryContactId": 1,
                         *           "emails": [
                         *             "lorraine@hillvalley.edu",
                         *             "mcfly@hillvalley.edu"
                         *           ],
                         *           "phoneNumbers": [
                         *             "123456"
                         *           ],
                         *           "secondaryContactIds": [
                         *             2
                         *           ]
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            identities: {
                                /** @description Distinct; the primary's first, then by contact age. */
                                emails: string[];
                                /** @description Distinct; the primary's first, then by contact age. */
                                phoneNumbers: string[];
                                primaryContactId: number;
                                /** @description Ascending. */
                                secondaryContactIds: number[];
                            }[];
                        };
                    };
                };
                /** @description Bad Request */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Unauthorized */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Too Many Requests */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 400,
                         *       "code": "INVALID_EMAIL",
                         *       "error": "Bad Request",
                         *       "message": "email must look like an address"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Internal Server Error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 500,
                         *       "code": "INTERNAL_ERROR",
                         *       "error": "Internal Server Error",
                         *       "message": "Internal Server Error"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Service Unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "statusCode": 503,
                         *       "code": "DATABASE_UNAVAILABLE",
                         *       "error": "Service Unavailable",
                         *       "message": "the database cannot be reached"
                         *     }
                         */
                        "application/json": {
                            /** @description Stable, machine-readable error code. */
                            code: string;
                            error: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * ContactCreatedEvent
         * @description A contact was created: a new identity (linkedId null) or a secondary of `linkedId`.
         */
        ContactCreatedEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            contactId: number;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** Format: date-time */
            createdAt: string;
            email: string | null;
            /** @description Set when an operator approved the held request that created it. */
            holdId?: number;
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            /** @description Its primary; null for a new identity. */
            linkedId: number | null;
            phoneNumber: string | null;
            requestId: string | null;
            /** @enum {string} */
            type: "contact.created";
        };
        /**
         * IdentifierBlockedEvent
         * @description An operator blocked an identifier: nothing else changed.
         */
        IdentifierBlockedEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            requestId: string | null;
            rule: {
                field: "email" | "phoneNumber";
                id: string;
                match: "exact" | "pattern";
                value: string;
            };
            /** @enum {string} */
            type: "identifier.blocked";
        };
        /**
         * IdentifierUnblockedEvent
         * @description An operator lifted a block: nothing else changed.
         */
        IdentifierUnblockedEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            requestId: string | null;
            rule: {
                field: "email" | "phoneNumber";
                id: string;
                match: "exact" | "pattern";
                value: string;
            };
            /** @enum {string} */
            type: "identifier.unblocked";
        };
        /**
         * IdentitiesMergedEvent
         * @description A request joined identities.
         */
        IdentitiesMergedEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            /** @description The request's email and phone that joined them. */
            join: {
                email: string | null;
                phoneNumber: string | null;
            };
            /** @description Identities that joined it: every contact of theirs now belongs to `primaryId`. */
            mergedPrimaryIds: number[];
            /** @description The identity that stays. */
            primaryId: number;
            requestId: string | null;
            /** @enum {string} */
            type: "identities.merged";
        };
        /**
         * IdentityErasedEvent
         * @description An admin erased the identity of `primaryId`: every contact in `contactIds` lost its email and phone (ids only here). Erase your copies of them too.
         */
        IdentityErasedEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            /** @description The erased identity. */
            primaryId: number;
            requestId: string | null;
            /** @description Whether later requests naming its identifiers ignore them. */
            suppressed: boolean;
            /** @enum {string} */
            type: "identity.erased";
        };
        /**
         * IdentitySplitEvent
         * @description An undo split an identity into `parts`.
         */
        IdentitySplitEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            formerPrimaryId: number;
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            /** @description Which contacts each identity holds afterwards (its primary included): every contact in `contactIds`, once. */
            parts: {
                contactIds: number[];
                primaryId: number;
            }[];
            /** @description The identities it left, oldest first. */
            primaryIds: number[];
            requestId: string | null;
            /** @enum {string} */
            type: "identity.split";
            /** @description The evidence taken away: one merge event, or every link through an identifier. */
            undone: {
                eventId: number;
                /** @enum {string} */
                kind: "merge";
            } | {
                field: "email" | "phoneNumber";
                /** @enum {string} */
                kind: "identifier";
                value: string;
            };
        };
        /**
         * LinksBackfilledEvent
         * @description Contacts older than the log that no recorded evidence joins were found in one identity.
         */
        LinksBackfilledEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            /** @description One contact of each part; every contact of their identities belongs to `primaryId`. */
            joinedContactIds: number[];
            primaryId: number;
            requestId: string | null;
            /** @enum {string} */
            type: "links.backfilled";
        };
        /**
         * LinkUndoneEvent
         * @description An undo took evidence away, but other evidence still holds the identity together (`parts` has one part per identity, unchanged).
         */
        LinkUndoneEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            formerPrimaryId: number;
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            /** @description Which contacts each identity holds afterwards (its primary included): every contact in `contactIds`, once. */
            parts: {
                contactIds: number[];
                primaryId: number;
            }[];
            /** @description The identities it left, oldest first. */
            primaryIds: number[];
            requestId: string | null;
            /** @enum {string} */
            type: "link.undone";
            /** @description The evidence taken away: one merge event, or every link through an identifier. */
            undone: {
                eventId: number;
                /** @enum {string} */
                kind: "merge";
            } | {
                field: "email" | "phoneNumber";
                /** @enum {string} */
                kind: "identifier";
                value: string;
            };
        };
        /**
         * MergeApprovedEvent
         * @description An operator approved a held merge, which happened then.
         */
        MergeApprovedEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** @description The hold, as its merge.held event names it. */
            holdId: number;
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            /** @description The request's email and phone that joined them. */
            join: {
                email: string | null;
                phoneNumber: string | null;
            };
            /** @description Identities that joined it: every contact of theirs now belongs to `primaryId`. */
            mergedPrimaryIds: number[];
            /** @description The identity that stays. */
            primaryId: number;
            requestId: string | null;
            /** @enum {string} */
            type: "merge.approved";
        };
        /**
         * MergeHeldEvent
         * @description A guardrail held a merge: nothing changed but hold `holdId`, which it opened.
         */
        MergeHeldEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** @description The hold, as its merge.held event names it. */
            holdId: number;
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            join: {
                email: string | null;
                phoneNumber: string | null;
            };
            primaryIds: number[];
            reason: "identity-size" | "generic-identifier";
            requestId: string | null;
            /** @enum {string} */
            type: "merge.held";
        };
        /**
         * MergeRejectedEvent
         * @description An operator rejected a held merge: nothing changed.
         */
        MergeRejectedEvent: {
            actor: string | null;
            /** Format: date-time */
            at: string;
            /** @description The request's normalised email and phone. */
            cause: {
                email: string | null;
                phoneNumber: string | null;
            } | null;
            /** @description Every contact the change touched. */
            contactIds: number[];
            /** @description The hold, as its merge.held event names it. */
            holdId: number;
            /** @description Increasing, never reused: the feed's cursor, and the key to apply an event once. */
            id: number;
            join: {
                email: string | null;
                phoneNumber: string | null;
            };
            primaryIds: number[];
            requestId: string | null;
            /** @enum {string} */
            type: "merge.rejected";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
