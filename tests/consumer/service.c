/* The smallest service: validates the create body given as argv[2] for the resource
 * argv[1] with the generated validators, as an administrator, and prints the verdict. */
#include "gizmos.h"
#include "widgets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    const attrc_resource *r = attrc_find_resource(gizmos_resources, argv[1]);
    if (!r)
        r = attrc_find_resource(widgets_resources, argv[1]);
    attrc_report rep;
    attrc_report_init(&rep);
    json_t *body = NULL, *attrs = NULL;
    attrc_caller admin = {1, 1};
    if (!r || attrc_parse_body(argv[2], strlen(argv[2]), NULL, &body, &rep) != 0 ||
        attrc_unwrap(r, body, &attrs, &rep) != 0 ||
        attrc_validate(r, ATTRC_CREATE, attrs, &admin, &rep) != 0) {
        json_t *err = attrc_report_json(&rep);
        char *text = json_dumps(err, JSON_COMPACT);
        printf("%d %s\n", attrc_report_status(&rep), text ? text : "");
        free(text);
        json_decref(err);
        json_decref(body);
        return 1;
    }
    char *text = json_dumps(attrs, JSON_COMPACT | JSON_SORT_KEYS);
    printf("201 %s\n", text);
    free(text);
    json_decref(body);
    return 0;
}
