-- Users' own templates stored through the API, shared by replicas. One row per name with its live version; a
-- removal leaves the row as a tombstone (deleted_at), so replicas see it and a later PUT goes on counting versions.
CREATE TABLE user_template (
    name        VARCHAR(64)   PRIMARY KEY,
    version     INTEGER       NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at  TIMESTAMP WITH TIME ZONE
);

-- Every version as it was PUT (the API's JSON body), never changed: a version can be read back and restored.
CREATE TABLE user_template_version (
    name        VARCHAR(64)   NOT NULL,
    version     INTEGER       NOT NULL,
    body        TEXT          NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(100),
    PRIMARY KEY (name, version)
);
